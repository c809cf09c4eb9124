using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.AppHost;

namespace Streaming.IntegrationTests.Model;

/// <summary>The AppHost's model built (not started) with the given settings, and offline views of it.</summary>
internal static class ModelApp
{
    public static Task<DistributedApplication> BuildAsync(string mode, params string[] settings) =>
        BuildInAsync(Environments.Development, mode, settings);

    /// <summary>
    /// The model as <c>Program.cs</c> composes it, on a builder of the test's own: the AppHost's settings files, then
    /// the arguments, as when it runs. Not through the entry point, whose built and never started app takes 30 s to dispose.
    /// </summary>
    public static async Task<DistributedApplication> BuildInAsync(string environment, string mode, params string[] settings)
    {
        string[] args =
        [
            $"--Infra={mode}", "--LocalInfra:DevPorts=false",
            $"--LocalInfra:DataDirectory={Path.Combine(Path.GetTempPath(), $"streaming-model-{Guid.NewGuid():N}")}", .. settings,
        ];
        var builder = StreamingApplication.ComposeOn(() =>
        {
            var testing = DistributedApplicationTestingBuilder.Create(args, (_, host) => host.EnvironmentName = environment);
            // The AppHost's metadata names its folder, where a service's names its .csproj.
            var appHostDirectory = Projects.Streaming_AppHost.ProjectPath;
            testing.Configuration
                .AddJsonFile(Path.Combine(appHostDirectory, "appsettings.json"), optional: false)
                .AddJsonFile(Path.Combine(appHostDirectory, $"appsettings.{environment}.json"), optional: true)
                .AddCommandLine(args);
            return testing;
        });
        Assert.Equal(environment, builder.Environment.EnvironmentName);
        return await builder.BuildAsync();
    }

    public static IResource Resource(DistributedApplication app, string name) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

#pragma warning disable CS0618 // Their replacements need a running DCP; these resolve what a resource would get, offline.
    public static async Task<string> ArgumentsAsync(IResource resource) =>
        string.Join(' ', await ((IResourceWithArgs)resource).GetArgumentValuesAsync(DistributedApplicationOperation.Publish));

    public static async Task<Dictionary<string, string>> EnvironmentAsync(DistributedApplication app, string project) =>
        await ((IResourceWithEnvironment)Resource(app, project)).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618
}
