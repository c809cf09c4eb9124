using System.Globalization;

namespace Streaming.ProgressWorker.Buffer;

/// <summary>A Redis stream entry id, <c>milliseconds-sequence</c>; the milliseconds are Redis's clock when it accepted the entry.</summary>
public readonly record struct StreamId(long Milliseconds, long Sequence) : IComparable<StreamId>
{
    public static readonly StreamId Zero = new(0, 0);

    public static StreamId Parse(string id)
    {
        var dash = id.IndexOf('-');
        return dash < 0
            ? new StreamId(long.Parse(id, CultureInfo.InvariantCulture), 0)
            : new StreamId(
                long.Parse(id.AsSpan(0, dash), CultureInfo.InvariantCulture),
                long.Parse(id.AsSpan(dash + 1), CultureInfo.InvariantCulture));
    }

    public int CompareTo(StreamId other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static StreamId Min(StreamId a, StreamId b) => a.CompareTo(b) <= 0 ? a : b;

    public static StreamId Max(StreamId a, StreamId b) => a.CompareTo(b) >= 0 ? a : b;

    public override string ToString() => $"{Milliseconds}-{Sequence}";
}
