using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streaming.AppHost.Infrastructure;
using Streaming.Hosting.Common;

namespace Streaming.Bench;

/// <summary>
/// How the benchmark drivers (fault suite, delivery benchmark) start the whole model: local mode on free ports with
/// throwaway data in the folder given, the services' default settings, the demo title off (a minute of
/// ffmpeg), services from their build output. Linked into each driver's project.
/// </summary>
internal static class LocalHarness
{
    public static async Task<IDistributedApplicationTestingBuilder> CreateBuilderAsync(string dataDirectory)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Streaming_AppHost>(
            [
                "--Infra=local",
                "--LocalInfra:DevPorts=false",
                $"--LocalInfra:DataDirectory={dataDirectory}",
                "--DcpPublisher:WaitForResourceCleanup=false",
            ],
            (options, _) => options.DisableDashboard = true);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("System.Net.Http", LogLevel.Warning).AddFilter("Aspire", LogLevel.Warning).AddFilter("Streaming.AppHost", LogLevel.Warning)
            // Health checks fail while resources start; their stack traces would bury the run's output.
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        builder.CreateResourceBuilder<ProjectResource>(ServiceNames.Api).WithEnvironment("PLAYBACK_SAMPLE_TITLE", "false");
        return builder;
    }

    /// <summary>Builds the app with every service, including those the driver added, run from its build output.</summary>
    public static Task<DistributedApplication> BuildAsync(IDistributedApplicationTestingBuilder builder)
    {
        builder.Resources.OfType<ProjectResource>().RunFromBuildOutput();
        return builder.BuildAsync();
    }
}
