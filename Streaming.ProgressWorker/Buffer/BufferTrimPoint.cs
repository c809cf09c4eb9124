namespace Streaming.ProgressWorker.Buffer;

/// <summary>Where a consumer group stands in the buffer, as read by the trimmer.</summary>
/// <param name="LastDelivered">The group's last-delivered-id, read BEFORE <paramref name="OldestPending"/>.</param>
/// <param name="OldestPending">The lowest id still pending (delivered, not acknowledged), or null when none is.</param>
public readonly record struct GroupPosition(StreamId LastDelivered, StreamId? OldestPending)
{
    /// <summary>
    /// The lowest id the group may still need: its oldest pending entry, else its last delivered one. Taking the
    /// minimum of the two keeps it safe although they are read one after the other: entries delivered in between
    /// are above the last-delivered-id read first.
    /// </summary>
    public StreamId Needed => OldestPending is { } pending ? StreamId.Min(pending, LastDelivered) : LastDelivered;
}

/// <summary>
/// How far to trim: <see cref="Point"/> is the id below which entries go (XTRIM MINID). Entries between
/// <see cref="Safe"/> and <see cref="Point"/> were still needed by a bounded group: they are dropped unpublished.
/// </summary>
public readonly record struct BufferTrim(StreamId Safe, StreamId Point)
{
    public bool DropsEntries => Point.CompareTo(Safe) > 0;
}

public static class BufferTrimPoint
{
    /// <summary>The id below which no group needs an entry any more (nothing is dropped).</summary>
    public static StreamId Compute(IEnumerable<GroupPosition> groups) => Compute(groups, [], StreamId.Zero).Point;

    /// <summary>
    /// <paramref name="required"/> groups (persisting to PostgreSQL) are never trimmed past. A
    /// <paramref name="bounded"/> group (publishing superseded progress events) is waited for only down to
    /// <paramref name="boundedFloor"/>: what it has not taken below that is trimmed, dropping its oldest entries.
    /// </summary>
    public static BufferTrim Compute(IEnumerable<GroupPosition> required, IEnumerable<GroupPosition> bounded, StreamId boundedFloor)
    {
        StreamId? requiredPoint = null;
        foreach (var group in required)
        {
            requiredPoint = requiredPoint is { } current ? StreamId.Min(current, group.Needed) : group.Needed;
        }
        StreamId? boundedPoint = null;
        foreach (var group in bounded)
        {
            boundedPoint = boundedPoint is { } current ? StreamId.Min(current, group.Needed) : group.Needed;
        }

        if (requiredPoint is null && boundedPoint is null)
        {
            return new BufferTrim(StreamId.Zero, StreamId.Zero);
        }
        if (boundedPoint is not { } waitedFor)
        {
            return new BufferTrim(requiredPoint!.Value, requiredPoint.Value);
        }
        var safe = requiredPoint is { } needed ? StreamId.Min(needed, waitedFor) : waitedFor;
        var bound = StreamId.Max(waitedFor, boundedFloor);
        var point = requiredPoint is { } stillNeeded ? StreamId.Min(stillNeeded, bound) : bound;
        return new BufferTrim(safe, point);
    }
}
