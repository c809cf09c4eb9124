using System.Globalization;
using StackExchange.Redis;
using Streaming.AppHost.Infrastructure;
using Streaming.FaultSuite;

// The fault suite (bench/faults/run.sh): the whole app in local mode under a steady viewer load, one fault at a
// time for FaultSeconds, healed, then SettleSeconds of normal running before the next. Afterwards everything drains
// and what PostgreSQL and Kafka hold is compared with what the API accepted.
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0].TrimStart('-')).ToDictionary(g => g.Key, g => g.Last()[1]); // the last of a repeated setting wins
int Setting(string name, int fallback) => settings.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
var viewers = Setting("viewers", 300);
var titles = Setting("titles", 20);
var faultTime = TimeSpan.FromSeconds(Setting("fault-seconds", 30));
var settleTime = TimeSpan.FromSeconds(Setting("settle-seconds", 25));
var output = settings.GetValueOrDefault("out", "fault-table.md");
// Comma-separated parts of fault names (--only=redis,kafka); all faults when absent, none with --only=none.
var only = settings.GetValueOrDefault("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

Log("starting the application (local mode, free ports)");
await using var app = await FaultApp.StartAsync();
var ledger = new Ledger();
var load = new ViewerLoad(app, ledger, viewers, titles);
await load.PrepareAsync();
var database = await app.ConnectionStringAsync(BackingServices.DatabaseResourceName);
using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(BackingServices.RedisName) + ",abortConnect=false,connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000");
var sampler = new BacklogSampler(redis, database, ledger);

using var stopLoad = new CancellationTokenSource();
using var stopSampling = new CancellationTokenSource();
using var stopWatchingLogs = new CancellationTokenSource();
var serviceLog = ServiceLog.Watch(app, stopWatchingLogs.Token);
Log($"{viewers} viewers on {titles} titles, progress every {ViewerLoad.ProgressInterval.TotalSeconds} s");
var running = load.RunAsync(stopLoad.Token);
var sampling = sampler.RunAsync(stopSampling.Token);

var phases = new List<Phase>();
var phaseStart = ledger.Now;
await Task.Delay(settleTime);
phases.Add(new Phase("none (baseline)", phaseStart, null, ledger.Now));
foreach (var fault in Faults.All.Where(f => only is null || only.Any(part => f.Name.Contains(part, StringComparison.OrdinalIgnoreCase))))
{
    phaseStart = ledger.Now;
    Log($"inject: {fault.Name}");
    await fault.Inject(app);
    await Task.Delay(faultTime);
    Log($"heal: {fault.Name}");
    await fault.Heal(app);
    var heal = ledger.Now;
    await Task.Delay(settleTime);
    phases.Add(new Phase(fault.Name, phaseStart, heal, ledger.Now));
}

Log("stopping the load (every viewer finishes its stop)");
await stopLoad.CancelAsync();
await running;
phases[^1] = phases[^1] with { End = ledger.Now };

Log("waiting for the backlog to drain");
var drainStart = DateTime.UtcNow;
var drainDeadline = drainStart.AddMinutes(3);
BacklogSample drained;
while (!(drained = await sampler.SampleAsync()).IsClear && DateTime.UtcNow < drainDeadline)
{
    await Task.Delay(TimeSpan.FromSeconds(1));
}
// Events missing from the audit while a backlog remains were delayed (publishing stuck), not necessarily lost.
Log(drained.IsClear
    ? $"backlog cleared after {(DateTime.UtcNow - drainStart).TotalSeconds:F0} s"
    : $"backlog NOT cleared within 3 min: {drained.PersistBacklog} to persist, {drained.EventsBacklog} progress events, {drained.Outbox} outbox rows");
await Task.Delay(TimeSpan.FromSeconds(3)); // the last acknowledged deliveries are readable
await stopSampling.CancelAsync();
await sampling;

var audit = new Audit(await Audit.ReadPositionsAsync(database), Audit.ReadEvents(await app.ConnectionStringAsync(BackingServices.KafkaName)));
var (table, verdict) = FaultReport.Build(phases, faultTime, ledger, sampler.Samples.ToList(), audit);
var summary = string.Create(CultureInfo.InvariantCulture,
    $"{viewers} viewers, {titles} titles, progress every {ViewerLoad.ProgressInterval.TotalSeconds} s, {faultTime.TotalSeconds} s per fault, {settleTime.TotalSeconds} s after each heal; {ledger.Requests.Count} requests, {audit.Events.Count} events read back.");
await File.WriteAllTextAsync(output, summary + "\n\n" + table);
Console.WriteLine(summary);
Console.WriteLine(table);
Console.WriteLine(verdict);
if (!verdict.Passed || settings.GetValueOrDefault("service-log") == "always")
{
    // A failing smoke in CI must say why: what the API and the workers saw (an unhandled exception, a publisher that stopped retrying).
    await serviceLog.DumpAsync(Path.ChangeExtension(output, ".services.log"));
}
await stopWatchingLogs.CancelAsync();
return verdict.Passed ? 0 : 1;
