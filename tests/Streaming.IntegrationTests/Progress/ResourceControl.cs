using Streaming.IntegrationTests.Infrastructure;
using System.Diagnostics;

namespace Streaming.IntegrationTests.Progress;

/// <summary>Stops, starts and kills resources of the running app the way an operator (or a crash) would.</summary>
public static class ResourceControl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task StopAsync(DistributedApplication app, string resource)
    {
        using var timeout = new CancellationTokenSource(Timeout * 2);
        // On a loaded machine the orchestrator may report a stop as failed while the process is still exiting:
        // what counts is the state the resource reaches.
        for (var attempt = 1; ; attempt++)
        {
            var result = await app.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, timeout.Token);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            wait.CancelAfter(TimeSpan.FromSeconds(20));
            try
            {
                await WaitForStoppedAsync(app, resource, wait.Token);
                return;
            }
            catch (OperationCanceledException) when (!timeout.IsCancellationRequested && attempt < 3)
            {
                // The orchestrator sometimes reports "failed to stop" for a service it then never stops; stop it as a
                // crash would, which is what these tests need too.
                KillServiceProcess(app, resource);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"resource-stop {resource} did not stop it (last answer: {result.Success} {result.Message}).");
            }
        }
    }

    public static async Task StartAsync(DistributedApplication app, string resource)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var result = await app.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(result.Success, $"resource-start {resource}: {result.Message}");
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    public static Task WaitForStoppedAsync(DistributedApplication app, string resource, CancellationToken cancellationToken) =>
        app.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text is { } state && (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished),
            cancellationToken);

    public static bool IsStopped(DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var current)
        && current.Snapshot.State?.Text is { } state
        && (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart);

    private static void KillServiceProcess(DistributedApplication app, string resource)
    {
        if (app.ResourceNotifications.TryGetCurrentState(resource, out var current))
        {
            ResourceProcesses.KillServiceProcesses([current.ResourceId]);
        }
    }

    /// <summary>
    /// The worker's process id from its consumer name (<c>{machine}-{pid}-{suffix}</c>, see ConsumerName), checked
    /// to be a live Streaming.ProgressWorker process.
    /// </summary>
    public static Process WorkerProcessOf(string consumerName)
    {
        var parts = consumerName.Split('-');
        var pid = int.Parse(parts[^2], System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.GetProcessById(pid);
        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
        Assert.Contains("Streaming.ProgressWorker", commandLine);
        return process;
    }
}
