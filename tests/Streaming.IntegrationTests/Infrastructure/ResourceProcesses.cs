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

    /// <summary>SIGKILLs the processes of .NET service resources (see <see cref="ServiceProcessIds"/>).</summary>
    public static void KillServiceProcesses(IReadOnlyCollection<string> resourceIds) =>
        ServiceProcessIds.Kill(ServiceProcessIds.Of(resourceIds));
}
