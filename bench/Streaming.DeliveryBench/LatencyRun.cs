using Streaming.AppHost.Infrastructure;

namespace Streaming.DeliveryBench;

public sealed record LatencyResult(string Object, Percentiles Edge, Percentiles S3, int EdgeNotHit, int Failed);

/// <summary>
/// One cached segment, fetched alternately through the edge and straight from S3 with the URL the presigned API
/// signed for it, by the same client, one request at a time. The client is this phase's own (one connection to each
/// server), not the offload's pool of connections that just carried bulk transfers.
/// </summary>
public sealed class LatencyRun(Viewers viewers)
{
    public async Task<LatencyResult> RunAsync(Viewer user, Guid movie, int samples)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(30) };
        var player = new Player(http);
        const string segment = "v0/seg_00001.ts";
        var edgeSession = await viewers.StartAsync(user, movie, ServiceNames.Api);
        var edgeUrl = new Uri(edgeSession.ManifestUrl, segment);
        var presignedSession = await viewers.StartAsync(user, movie, BenchApp.PresignedApi);
        var variant = new Uri(presignedSession.ManifestUrl, "v0/index.m3u8");
        var s3Url = new Uri(variant, (await http.GetStringAsync(variant)).Split('\n').First(line => line.Contains("seg_00001.ts", StringComparison.Ordinal)).Trim());

        for (var i = 0; i < 5; i++)
        {
            await player.GetAsync(edgeUrl);
            await player.GetAsync(s3Url);
        }
        var edge = new List<MediaRequest>();
        var s3 = new List<MediaRequest>();
        for (var i = 0; i < samples; i++)
        {
            edge.Add(await player.GetAsync(edgeUrl));
            s3.Add(await player.GetAsync(s3Url));
        }
        await viewers.StopAsync(user, movie, edgeSession.Id);
        await viewers.StopAsync(user, movie, presignedSession.Id, api: BenchApp.PresignedApi);
        return new LatencyResult($"movies/{movie}/{segment}",
            Percentiles.Of(edge.Where(r => r.Status == 200).Select(r => r.Milliseconds)) ?? new Percentiles(0, 0, 0, 0),
            Percentiles.Of(s3.Where(r => r.Status == 200).Select(r => r.Milliseconds)) ?? new Percentiles(0, 0, 0, 0),
            edge.Count(r => r.CacheStatus != "HIT"), edge.Concat(s3).Count(r => r.Status != 200));
    }
}
