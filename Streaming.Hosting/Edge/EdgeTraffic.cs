namespace Streaming.Hosting.Edge;

/// <summary>What the edge did since it started, as the dashboard shows it.</summary>
public sealed record EdgeTraffic(int Requests, int Hits, int Misses, int OriginFetches, int Refused)
{
    public static EdgeTraffic Of(IEnumerable<EdgeLogEntry> entries)
    {
        int requests = 0, hits = 0, misses = 0, originFetches = 0, refused = 0;
        foreach (var entry in entries)
        {
            requests++;
            hits += entry.IsHit ? 1 : 0;
            misses += entry.IsMiss ? 1 : 0;
            originFetches += entry.FetchedFromOrigin ? 1 : 0;
            refused += entry.IsRefused ? 1 : 0;
        }
        return new(requests, hits, misses, originFetches, refused);
    }

    public static EdgeTraffic operator +(EdgeTraffic a, EdgeTraffic b) => new(
        a.Requests + b.Requests, a.Hits + b.Hits, a.Misses + b.Misses, a.OriginFetches + b.OriginFetches, a.Refused + b.Refused);

    /// <summary>Hits among the requests that looked into the media cache, in percent; null before the first.</summary>
    public double? HitRatioPercent => Hits + Misses == 0 ? null : Math.Round(100.0 * Hits / (Hits + Misses), 1);

    /// <summary>Origin fetches of one object: 1 after any number of concurrent first requests, if the lock held.</summary>
    public static int OriginFetchesOf(IEnumerable<EdgeLogEntry> entries, string objectKey) =>
        entries.Count(entry => entry.Object == objectKey && entry.FetchedFromOrigin);
}
