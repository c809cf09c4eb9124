using Streaming.AppHost.Infrastructure;
using Streaming.Bench;
using Streaming.AppHost.Services;

namespace Streaming.DeliveryBench;

/// <summary>
/// The whole application model in local mode on free ports with throwaway data (the API delivers through the edge, as
/// the AppHost runs it), plus a second API, <see cref="PresignedApi"/>, on the same backing services with
/// <c>PLAYBACK_DELIVERY=presigned</c>: the same viewers against both modes in one run.
/// </summary>
public sealed class BenchApp(DistributedApplication app, string dataDirectory)
    : LocalApp(app, dataDirectory, [ServiceNames.Api, PresignedApi, ServiceNames.UserService, ServiceNames.ProgressWorker])
{
    public const string PresignedApi = $"{ServiceNames.Api}-presigned";

    public static async Task<BenchApp> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"streaming-delivery-{Guid.NewGuid():N}");
        var builder = await LocalHarness.CreateBuilderAsync(dataDirectory);

        var jwtSecret = builder.Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == "jwt-secret");
        var presigned = builder.AddStreamingApi(PresignedApi, BackingServices.In(builder), builder.CreateResourceBuilder<ProjectResource>(ServiceNames.UserService), builder.CreateResourceBuilder(jwtSecret))
            .WithEnvironment("PLAYBACK_SAMPLE_TITLE", "false")
            .WithEnvironment("PLAYBACK_DELIVERY", "presigned");
        // Manifest links point at this API's own address (not the test proxy's).
        presigned.WithEnvironment("PUBLIC_BASE_URL", presigned.GetEndpoint("http"));

        var app = await LocalHarness.BuildAsync(builder);
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await app.StartAsync(startup.Token);
        foreach (var service in new[] { ServiceNames.Api, PresignedApi, ServiceNames.UserService, ServiceNames.ProgressWorker, ServiceNames.Edge })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, startup.Token);
        }
        return new BenchApp(app, dataDirectory);
    }
}
