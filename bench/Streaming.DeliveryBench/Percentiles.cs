namespace Streaming.DeliveryBench;

/// <summary>p50/p99/max of a sample (nearest rank), null for an empty one.</summary>
public sealed record Percentiles(int Count, double P50, double P99, double Max)
{
    public static Percentiles? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : new Percentiles(sorted.Count, Rank(sorted, 0.50), Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
