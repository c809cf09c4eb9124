using System.Collections.Immutable;

namespace Streaming.Hosting.Edge;

/// <summary>
/// Shows the edge's counters (requests, hits, misses, origin fetches, refused, hit ratio) as properties of the edge
/// resource in the dashboard, counted from its access log since it started. Tails the file, so it reads each line once.
/// </summary>
internal sealed class EdgeTrafficCounters(IEdgeResource edge, ResourceNotificationService notifications) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long offset = 0;
        var traffic = new EdgeTraffic(0, 0, 0, 0, 0);
        EdgeTraffic? shown = null;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!File.Exists(edge.AccessLogPath))
            {
                continue;
            }
            await using var stream = new FileStream(edge.AccessLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < offset)
            {
                // run-edge.sh empties the log when the edge (re)starts: count from there.
                (offset, traffic) = (0, new EdgeTraffic(0, 0, 0, 0, 0));
            }
            stream.Seek(offset, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(stoppingToken);
            // Only whole lines: the last one may still be being written.
            var end = text.LastIndexOf('\n') + 1;
            offset += System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, end));
            traffic += EdgeTraffic.Of(text[..end].Split('\n').Select(EdgeAccessLog.Parse).OfType<EdgeLogEntry>());
            if (traffic != shown)
            {
                shown = traffic;
                await notifications.PublishUpdateAsync(edge, snapshot => snapshot with
                {
                    Properties = snapshot.Properties.RemoveAll(p => p.Name.StartsWith("edge.", StringComparison.Ordinal)).AddRange(Properties(traffic)),
                });
            }
        }
    }

    private static ImmutableArray<ResourcePropertySnapshot> Properties(EdgeTraffic traffic) =>
    [
        new("edge.requests", traffic.Requests),
        new("edge.hits", traffic.Hits),
        new("edge.misses", traffic.Misses),
        new("edge.origin-fetches", traffic.OriginFetches),
        new("edge.refused", traffic.Refused),
        new("edge.hit-ratio-percent", traffic.HitRatioPercent?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"),
    ];
}

internal static class EdgeTrafficCountersExtensions
{
    public static IResourceBuilder<T> WithTrafficCounters<T>(this IResourceBuilder<T> edge) where T : IEdgeResource
    {
        edge.ApplicationBuilder.Services.AddSingleton<IHostedService>(services =>
            new EdgeTrafficCounters(edge.Resource, services.GetRequiredService<ResourceNotificationService>()));
        return edge;
    }
}
