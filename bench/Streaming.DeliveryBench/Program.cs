using System.Globalization;
using Streaming.AppHost.Infrastructure;
using Streaming.Core.Storage;
using Streaming.DeliveryBench;

// The delivery benchmark (bench/delivery/run.sh): the whole app in local mode, the API delivering through the edge
// plus a second API in presigned mode; origin offload, cached-segment latency, revocation and authorisation cost.
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0].TrimStart('-')).ToDictionary(g => g.Key, g => g.Last()[1]);
double Setting(string name, double fallback) => settings.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
var options = new BenchOptions(
    Viewers: (int)Setting("viewers", 200), Segments: (int)Setting("segments", 20), SegmentKiB: (int)Setting("segment-kb", 512),
    LatencySamples: (int)Setting("latency-samples", 300), SessionsPerCause: (int)Setting("sessions-per-cause", 10),
    AuthSessions: (int)Setting("auth-sessions", 100), Minutes: Setting("minutes", 1));
var output = settings.GetValueOrDefault("out", "summary.md");

void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

var loadAtStart = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
Log("starting the application (local mode, free ports; a second API in presigned mode)");
await using var app = await BenchApp.StartAsync();
using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 1024 }) { Timeout = TimeSpan.FromSeconds(60) };
using var viewers = new Viewers(app);
var player = new Player(http);
var s3Endpoint = S3Connection.Parse(await app.ConnectionStringAsync(BackingServices.S3Name)).Endpoint;

Log($"uploading a title of {options.Segments} segments of {options.SegmentKiB} KiB, creating {options.Viewers} viewers");
var movie = await SyntheticTitle.UploadAsync(app, options.Segments, options.SegmentKiB * 1024);
var users = await viewers.CreateManyAsync(options.Viewers);

var offload = new OffloadRun(app, viewers, player, s3Endpoint);
Log($"origin offload: {options.Viewers} viewers through the edge");
var edge = await offload.ThroughEdgeAsync(users, movie);
Log($"origin offload: the same viewers through the presigned API");
var presigned = await offload.PresignedAsync(users, movie);

Log($"latency: {options.LatencySamples} GETs of one cached segment through the edge and straight from S3, alternating");
var latency = await new LatencyRun(viewers).RunAsync(users[0], movie, options.LatencySamples);

Log($"revocation: {options.SessionsPerCause} sessions per cause, all causes at once (the idle reaper passes every 30 s)");
var revocation = await new RevocationRun(app, viewers, http).RunAsync(movie, options.SessionsPerCause);

Log($"authorisation cost: {options.AuthSessions} sessions, a segment every 4 s, {options.Minutes} min steady window");
var authCost = await new AuthCostRun(app, viewers, player).RunAsync(await viewers.CreateManyAsync(options.AuthSessions), movie, options.Segments, options.Minutes);

var results = new BenchResults(options, DateTimeOffset.UtcNow, Environment.ProcessorCount, string.Join(' ', loadAtStart), edge, presigned, latency, revocation, authCost);
var markdown = results.ToMarkdown();
await File.WriteAllTextAsync(output, markdown);
await File.WriteAllTextAsync(Path.ChangeExtension(output, ".json"), results.ToJson());
Console.WriteLine(markdown);
var missing = results.MissingFigures();
foreach (var figure in missing)
{
    Console.Error.WriteLine($"missing figure: {figure}");
}
return missing.Count == 0 ? 0 : 1;
