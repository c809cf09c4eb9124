using Microsoft.Extensions.DependencyInjection;
using Streaming.AppHost.Infrastructure;
using Streaming.Hosting.Edge;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.Bench;

/// <summary>
/// A started local model of a benchmark driver: its clients, connection strings and edge log, the processes of its
/// services, and a dispose that leaves nothing behind. Linked into each driver's project.
/// </summary>
public abstract class LocalApp(DistributedApplication app, string dataDirectory, IReadOnlyList<string> services) : IAsyncDisposable
{
    public DistributedApplication App { get; } = app;

    /// <summary>Where this app's local servers keep their data; their command lines name it.</summary>
    protected string DataDirectory { get; } = dataDirectory;

    public HttpClient CreateClient(string resource) => App.CreateHttpClient(resource);

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"No connection string for {resource}.");

    /// <summary>The edge's access log (one JSON line per request; emptied each time the edge starts).</summary>
    public string EdgeAccessLogPath =>
        ((IEdgeResource)App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == ServiceNames.Edge)).AccessLogPath;

    /// <summary>Processes of a .NET service resource, by the instance id Aspire puts in their environment.</summary>
    public IReadOnlyList<int> ServiceProcesses(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var state) ? ServiceProcessIds.Of([state.ResourceId]) : [];

    public async ValueTask DisposeAsync()
    {
        // Disposing does not wait for DCP to stop the .NET services: kill them, so none outlives the run.
        var processes = services.SelectMany(ServiceProcesses).ToList();
        await App.DisposeAsync();
        ServiceProcessIds.Kill(processes);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        GC.SuppressFinalize(this);
    }
}
