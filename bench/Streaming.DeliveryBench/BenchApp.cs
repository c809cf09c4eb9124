using Microsoft.Extensions.DependencyInjection;
using Streaming.AppHost.Infrastructure;
using Streaming.Bench;
using Streaming.AppHost.Services;
using Streaming.Hosting.Edge;

namespace Streaming.DeliveryBench;

/// <summary>
/// The whole application model in local mode on free ports with throwaway data (the API delivers through the edge, as
/// the AppHost runs it), plus a second API, <see cref="PresignedApi"/>, on the same backing services with
/// <c>PLAYBACK_DELIVERY=presigned</c>: the same viewers against both modes in one run.
/// </summary>
public sealed class BenchApp : IAsyncDisposable
{
    public const string Api = ServiceNames.Api;
    public const string PresignedApi = $"{ServiceNames.Api}-presigned";
    public const string UserService = ServiceNames.UserService;
    public const string Edge = ServiceNames.Edge;

    private readonly string _dataDirectory;

    private BenchApp(DistributedApplication app, string dataDirectory)
    {
        App = app;
        _dataDirectory = dataDirectory;
    }

    public DistributedApplication App { get; }

    public static async Task<BenchApp> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"streaming-delivery-{Guid.NewGuid():N}");
        var builder = await LocalHarness.CreateBuilderAsync(dataDirectory);

        var jwtSecret = builder.Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == "jwt-secret");
        var presigned = builder.AddStreamingApi(PresignedApi, BackingServices.In(builder), builder.CreateResourceBuilder<ProjectResource>(UserService), builder.CreateResourceBuilder(jwtSecret))
            .WithEnvironment("PLAYBACK_SAMPLE_TITLE", "false")
            .WithEnvironment("PLAYBACK_DELIVERY", "presigned");
        // Manifest links point at this API's own address (not the test proxy's).
        presigned.WithEnvironment("PUBLIC_BASE_URL", presigned.GetEndpoint("http"));

        var app = await LocalHarness.BuildAsync(builder);
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await app.StartAsync(startup.Token);
        foreach (var service in new[] { Api, PresignedApi, UserService, ServiceNames.ProgressWorker, Edge })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, startup.Token);
        }
        return new BenchApp(app, dataDirectory);
    }

    public HttpClient CreateClient(string resource) => App.CreateHttpClient(resource);

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"No connection string for {resource}.");

    public string EdgeAccessLogPath =>
        ((IEdgeResource)App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == Edge)).AccessLogPath;

    public async ValueTask DisposeAsync()
    {
        // Disposing does not wait for DCP to stop the .NET services: kill them, so none outlives the run.
        var markers = new[] { Api, PresignedApi, UserService, ServiceNames.ProgressWorker }
            .Select(name => App.ResourceNotifications.TryGetCurrentState(name, out var state) ? state.ResourceId : null).OfType<string>()
            .Select(id => $"OTEL_RESOURCE_ATTRIBUTES=service.instance.id={id[(id.LastIndexOf('-') + 1)..]}").ToHashSet();
        await App.DisposeAsync();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != Environment.ProcessId
                    && File.ReadAllText($"/proc/{pid}/environ").Split('\0').Any(markers.Contains))
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Gone already, or not ours.
            }
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
