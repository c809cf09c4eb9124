using Microsoft.Extensions.DependencyInjection;

namespace Streaming.IntegrationTests.Model;

/// <summary>The AppHost's model built (not started) with the given settings, and offline views of it.</summary>
internal static class ModelApp
{
    public static async Task<DistributedApplication> BuildAsync(string mode, params string[] settings)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Streaming_AppHost>(
            [$"--Infra={mode}", "--LocalInfra:DevPorts=false", $"--LocalInfra:DataDirectory={Path.Combine(Path.GetTempPath(), $"streaming-model-{Guid.NewGuid():N}")}", .. settings],
            (options, _) => options.DisableDashboard = true);
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
