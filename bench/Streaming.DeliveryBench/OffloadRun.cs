using System.Diagnostics;
using Streaming.AppHost.Infrastructure;
using Streaming.Hosting.Edge;

namespace Streaming.DeliveryBench;

/// <param name="OriginGets">GETs that reached the bucket for this title (edge: its log's origin fetches; presigned: the players' own S3 requests).</param>
/// <param name="SegmentOriginGetsMean">Per segment object, mean of the GETs the bucket served.</param>
/// <param name="ManifestOriginGets">Manifest GETs the bucket served through the edge (presigned: the API fetches them, not counted here).</param>
/// <param name="HitRatioPercent">Edge cache hits among the title's requests that looked into the cache; null for presigned.</param>
public sealed record OffloadResult(string Mode, int Viewers, int Requests, int Failed, int SegmentObjects, int OriginGets,
    double SegmentOriginGetsMean, int SegmentOriginGetsMax, int ManifestOriginGets, double? HitRatioPercent, double Seconds);

/// <summary>
/// N viewers, each with a session of its own, start the same title together and then play it whole at once (master,
/// variant, every segment in order, as fast as the answers come): first through the edge, then through the presigned API.
/// </summary>
public sealed class OffloadRun(BenchApp app, Viewers viewers, Player player, Uri s3Endpoint)
{
    public async Task<OffloadResult> ThroughEdgeAsync(IReadOnlyList<Viewer> users, Guid movie)
    {
        var log = new EdgeLogWindow(app.EdgeAccessLogPath);
        var (requests, seconds) = await PlayAllAsync(users, movie, ServiceNames.Api);
        var prefix = $"movies/{movie}/";
        var entries = (await log.ReadAsync(e => e.Object.StartsWith(prefix, StringComparison.Ordinal), requests.Count))
            .Where(e => e.Object.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var segments = entries.Where(e => e.Object.EndsWith(".ts", StringComparison.Ordinal)).GroupBy(e => e.Object)
            .Select(g => g.Count(e => e.FetchedFromOrigin)).ToList();
        return new OffloadResult("edge", users.Count, requests.Count, requests.Count(r => r.Status is not (200 or 206)), segments.Count,
            entries.Count(e => e.FetchedFromOrigin), segments.DefaultIfEmpty(0).Average(), segments.DefaultIfEmpty(0).Max(),
            entries.Count(e => e.FetchedFromOrigin && e.Object.EndsWith(".m3u8", StringComparison.Ordinal)),
            EdgeTraffic.Of(entries).HitRatioPercent, seconds);
    }

    public async Task<OffloadResult> PresignedAsync(IReadOnlyList<Viewer> users, Guid movie)
    {
        var (requests, seconds) = await PlayAllAsync(users, movie, BenchApp.PresignedApi);
        var toBucket = requests.Where(r => r.Url.Port == s3Endpoint.Port && r.Url.Host == s3Endpoint.Host).ToList();
        var segments = toBucket.Where(r => r.Url.AbsolutePath.EndsWith(".ts", StringComparison.Ordinal)).GroupBy(r => r.Url.AbsolutePath)
            .Select(g => g.Count()).ToList();
        return new OffloadResult("presigned", users.Count, requests.Count, requests.Count(r => r.Status is not (200 or 206)), segments.Count,
            toBucket.Count, segments.DefaultIfEmpty(0).Average(), segments.DefaultIfEmpty(0).Max(), 0, null, seconds);
    }

    /// <summary>Every viewer starts (all starts answered before anyone plays), plays, and stops.</summary>
    private async Task<(List<MediaRequest> Requests, double Seconds)> PlayAllAsync(IReadOnlyList<Viewer> users, Guid movie, string api)
    {
        var sessions = await Task.WhenAll(users.Select(user => viewers.StartAsync(user, movie, api)));
        var clock = Stopwatch.StartNew();
        var played = await Task.WhenAll(sessions.Select(session => Task.Run(() => player.PlayAsync(session.ManifestUrl))));
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(users.Zip(sessions).Select(pair => viewers.StopAsync(pair.First, movie, pair.Second.Id, api: api)));
        return ([.. played.SelectMany(r => r)], seconds);
    }
}
