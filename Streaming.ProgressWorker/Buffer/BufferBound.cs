namespace Streaming.ProgressWorker.Buffer;

/// <summary>
/// Where the bound on unpublished progress events falls. Two limits, whichever trims more: the entry count
/// (<see cref="ProgressWorkerOptions.MaxBufferedEntries"/>, for memory) and the age behind the newest entry
/// (<see cref="ProgressWorkerOptions.ProgressEventsRetention"/>).
/// </summary>
public static class BufferBound
{
    /// <summary>Entries older than this id are past the retention, measured on Redis's own clock (the entry ids).</summary>
    public static StreamId AgeFloor(StreamId newest, TimeSpan retention) =>
        new(Math.Max(0, newest.Milliseconds - (long)retention.TotalMilliseconds), 0);

    /// <summary>
    /// The logical number (1 = the first entry ever added, as XINFO STREAM's entries-added counts) of the oldest
    /// entry to keep so that at most <paramref name="maxEntries"/> remain; null while the stream is within the bound.
    /// </summary>
    public static long? FirstNumberToKeep(long entriesAdded, long length, long maxEntries) =>
        length <= maxEntries ? null : entriesAdded - Math.Max(1, maxEntries) + 1;

    /// <summary>
    /// Redis cannot find the id of the n-th entry without walking the stream, so the trimmer leaves marks
    /// (entry number → id) as it goes: the oldest mark at or after <paramref name="firstToKeep"/> is where to cut,
    /// keeping at most the bound (dropping up to one trim interval's worth of entries more than needed).
    /// </summary>
    public static StreamId? CountFloor(IEnumerable<BufferMark> marks, long firstToKeep) =>
        marks.Where(mark => mark.Number >= firstToKeep).OrderBy(mark => mark.Number).Select(mark => (StreamId?)mark.Id).FirstOrDefault();
}

/// <summary>The id of the entry that was number <paramref name="Number"/> in the stream.</summary>
public readonly record struct BufferMark(long Number, StreamId Id);
