namespace Streaming.ProgressWorker;

/// <summary>Where a consumer group stands in the buffer, as read by the trimmer.</summary>
/// <param name="LastDelivered">The group's last-delivered-id, read BEFORE <paramref name="OldestPending"/>.</param>
/// <param name="OldestPending">The lowest id still pending (delivered, not acknowledged), or null when none is.</param>
public readonly record struct GroupPosition(StreamId LastDelivered, StreamId? OldestPending);

public static class BufferTrimPoint
{
    /// <summary>
    /// The id below which no group needs an entry any more: entries under it may be trimmed (XTRIM MINID).
    /// Per group it is the oldest pending entry, else the last delivered one. Taking the minimum of the two
    /// keeps it safe although they are read one after the other: entries delivered in between are above the
    /// last-delivered-id read first.
    /// </summary>
    public static StreamId Compute(IEnumerable<GroupPosition> groups)
    {
        StreamId? trimPoint = null;
        foreach (var group in groups)
        {
            var needed = group.OldestPending is { } pending ? StreamId.Min(pending, group.LastDelivered) : group.LastDelivered;
            trimPoint = trimPoint is { } current ? StreamId.Min(current, needed) : needed;
        }
        return trimPoint ?? StreamId.Zero;
    }
}
