using Streaming.AppHost.Infrastructure;

namespace Streaming.FaultSuite;

/// <summary>One injected failure: what breaks, and how it is healed afterwards.</summary>
public sealed record Fault(string Name, Func<FaultApp, Task> Inject, Func<FaultApp, Task> Heal);

public static class Faults
{
    public static readonly IReadOnlyList<Fault> All =
    [
        new("progress-worker SIGKILL",
            app => Kill(app.ServiceProcesses(ServiceNames.ProgressWorker)),
            // An orchestrator restarts a crashed worker; here a standby replica takes its place.
            async app =>
            {
                await app.CommandAsync(FaultApp.StandbyWorker, "resource-start");
                await app.WaitHealthyAsync(FaultApp.StandbyWorker);
            }),
        new("PostgreSQL stopped",
            app => app.CommandAsync(BackingServices.PostgresName, "resource-stop"),
            async app =>
            {
                await app.CommandAsync(BackingServices.PostgresName, "resource-start");
                await app.WaitHealthyAsync(BackingServices.PostgresName);
            }),
        new("Redis SIGKILL, restart from AOF",
            async app => await Kill(app.ServerProcesses("redis-server", await app.RedisPortAsync())),
            app => app.StartAgainAsync(BackingServices.RedisName)),
        new("Kafka broker down",
            app => app.CommandAsync(BackingServices.KafkaName, "broker-down"),
            app => app.CommandAsync(BackingServices.KafkaName, "broker-up")),
        new("user service down (SIGSTOP)",
            app => Signal(app.ServiceProcesses(ServiceNames.UserService), "STOP"),
            app => Signal(app.ServiceProcesses(ServiceNames.UserService), "CONT")),
        new("S3 frozen (SIGSTOP on its proxy)",
            app => Signal(app.ServerProcesses("proxy-server"), "STOP"),
            app => Signal(app.ServerProcesses("proxy-server"), "CONT")),
        new("edge (nginx) SIGKILL, restart on its cache",
            // Master and workers at once, as a crashed host or container takes them all; a master alone would leave
            // its workers serving on the port.
            app => Kill(app.EdgeProcesses()),
            async app =>
            {
                // DCP runs Edge/run-edge.sh again: same state folder (media and authorisation caches on disk), same port.
                await app.StartAgainAsync(ServiceNames.Edge);
                _ = ReportEdgeCacheAsync(app);
            }),
    ];

    /// <summary>
    /// Whether the restarted edge kept its cache: what it served in its first seconds (run-edge.sh emptied the log at
    /// the start). Segments never expire there, so they must come from the cache; manifests are re-read after 10 s.
    /// </summary>
    private static async Task ReportEdgeCacheAsync(FaultApp app)
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        var entries = await Streaming.Hosting.Edge.EdgeAccessLog.ReadAsync(app.EdgeAccessLogPath);
        var segments = entries.Where(e => e.Object.EndsWith(".ts", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] edge after its restart: {segments.Count} segment requests, {segments.Count(e => e.IsHit)} served from the cache it had on disk, {segments.Count(e => e.FetchedFromOrigin)} fetched from the bucket; {entries.Count(e => e.Status >= 500)} answered 5xx");
    }

    private static Task Kill(IReadOnlyList<int> pids) => Signal(pids, "KILL");

    private static Task Signal(IReadOnlyList<int> pids, string signal)
    {
        if (pids.Count == 0)
        {
            throw new InvalidOperationException($"No process to send SIG{signal} to.");
        }
        FaultApp.Signal(pids, signal);
        return Task.CompletedTask;
    }
}
