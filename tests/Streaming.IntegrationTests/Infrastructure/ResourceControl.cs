using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>Stops, starts and kills resources of the running app the way an operator (or a crash) would.</summary>
public static class ResourceControl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task StopAsync(DistributedApplication app, string resource)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        if (app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource) is ProjectResource)
        {
            // A graceful stop waits for the host's shutdown, which a busy machine can stretch past DCP's patience,
            // leaving the resource in an unknown state. A kill is a stop DCP always notices.
            KillServiceProcess(app, resource);
            await WaitForStoppedAsync(app, resource, timeout.Token);
            return;
        }
        // DCP gives up waiting for the process after 15 s and reports a failure, though the stop goes on (PostgreSQL's
        // shutdown checkpoint on a loaded machine): the state it reaches is what counts.
        var result = await app.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, timeout.Token);
        try
        {
            await WaitForStoppedAsync(app, resource, timeout.Token);
        }
        catch (OperationCanceledException) when (!result.Success)
        {
            Assert.Fail($"resource-stop {resource}: {result.Message}");
        }
    }

    public static async Task StartAsync(DistributedApplication app, string resource)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var result = await app.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(result.Success, $"resource-start {resource}: {result.Message}");
        // The state can still be the last run's end for a moment after the command: a worker killed by a test was seen
        // as "failed to start" there, and a health wait that begins on it gives up at once while the new process starts.
        var seen = new List<string>();
        try
        {
            await app.ResourceNotifications.WaitForResourceAsync(resource, e =>
            {
                seen.Add(e.Snapshot.State?.Text ?? "(none)");
                return e.Snapshot.State?.Text == KnownResourceStates.Running;
            }, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{resource} did not run within {Timeout.TotalSeconds} s of its start; states seen: {string.Join(", ", seen)}");
        }
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    /// <summary>Starts whichever of the resources a test left stopped (side by side), then waits until all are healthy.</summary>
    public static Task EnsureRunningAsync(DistributedApplication app, IEnumerable<string> resources) =>
        Task.WhenAll(resources.Select(async resource =>
        {
            if (IsStopped(app, resource))
            {
                await StartAsync(app, resource);
            }
            using var timeout = new CancellationTokenSource(Timeout);
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }));

    public static Task WaitForStoppedAsync(DistributedApplication app, string resource, CancellationToken cancellationToken) =>
        app.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text is { } state && (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart),
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

    /// <summary>
    /// SIGKILLs (no shutdown code runs) each worker process that holds one of <paramref name="consumerNames"/>, once:
    /// a worker has one consumer per shard. Returns how many processes were killed.
    /// </summary>
    public static async Task<int> KillWorkersHoldingAsync(IEnumerable<string> consumerNames)
    {
        var processes = consumerNames.Select(WorkerProcessOf).DistinctBy(process => process.Id).ToList();
        foreach (var process in processes)
        {
            using (process)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
        return processes.Count;
    }
}
