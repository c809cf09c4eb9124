using System.Diagnostics;

namespace Streaming.IntegrationTests.Infrastructure;

public static class ResourceProcesses
{
    /// <summary>Kills a resource's process with SIGKILL: no shutdown hooks, no flushing, like a crashed host.</summary>
    public static async Task KillAsync(this StreamingApp app, string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = await app.App.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running, timeout.Token);
        var pid = running.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
        using var process = Process.GetProcessById(Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture));
        process.Kill();
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>
    /// Starts a stopped or crashed resource and waits until it is healthy.
    /// </summary>
    public static async Task StartAsync(this StreamingApp app, string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var result = await app.App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(result.Success, result.Message);
        await app.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    public static async Task ExecuteAsync(this StreamingApp app, string resource, string command)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await app.App.ResourceCommands.ExecuteCommandAsync(resource, command, timeout.Token);
        Assert.True(result.Success, result.Message);
    }
}
