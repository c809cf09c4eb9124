using System.Diagnostics;

namespace Streaming.IntegrationTests.Infrastructure;

public static class ResourceProcesses
{
    /// <summary>Kills a service resource's processes with SIGKILL: no shutdown hooks, no flushing, like a crashed host.</summary>
    public static async Task KillAsync(this StreamingApp app, string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = await app.App.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running, timeout.Token);
        KillServiceProcesses([running.ResourceId]);
    }

    public static async Task ExecuteAsync(this StreamingApp app, string resource, string command)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await app.App.ResourceCommands.ExecuteCommandAsync(resource, command, timeout.Token);
        Assert.True(result.Success, result.Message);
    }

    /// <summary>
    /// SIGKILLs the processes of .NET service resources, found by the instance id Aspire puts in their environment: the suffix of the resource id, in
    /// <c>OTEL_RESOURCE_ATTRIBUTES=service.instance.id=...</c>.
    /// </summary>
    public static void KillServiceProcesses(IReadOnlyCollection<string> resourceIds)
    {
        var markers = resourceIds.Select(id => $"OTEL_RESOURCE_ATTRIBUTES=service.instance.id={id[(id.LastIndexOf('-') + 1)..]}").ToHashSet();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ")).Split('\0');
                if (environment.Any(markers.Contains))
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Gone already, or not ours to read.
            }
        }
    }
}
