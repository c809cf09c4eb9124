using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.ProgressWorker;

/// <summary>One accepted progress update as the API appended it to the buffer.</summary>
public sealed record ProgressUpdate(
    StreamId EntryId,
    Guid UserId,
    Guid MovieId,
    int PositionSeconds,
    long EventTimeMs,
    Guid EventId,
    Guid? SessionId)
{
    public DateTime EventTime => DateTimeOffset.FromUnixTimeMilliseconds(EventTimeMs).UtcDateTime;

    /// <summary>The update in a stream entry, or null when the entry is malformed (it can never succeed, so it is skipped).</summary>
    public static ProgressUpdate? FromEntry(StreamEntry entry)
    {
        var session = (string?)entry[ProgressBuffer.Fields.SessionId];
        Guid? sessionId = null;
        if (!string.IsNullOrEmpty(session))
        {
            if (!Guid.TryParse(session, out var parsedSession))
            {
                return null;
            }
            sessionId = parsedSession;
        }

        return Guid.TryParse((string?)entry[ProgressBuffer.Fields.UserId], out var userId)
            && Guid.TryParse((string?)entry[ProgressBuffer.Fields.MovieId], out var movieId)
            && entry[ProgressBuffer.Fields.Position].TryParse(out int position)
            && entry[ProgressBuffer.Fields.Time].TryParse(out long time)
            && Guid.TryParse((string?)entry[ProgressBuffer.Fields.EventId], out var eventId)
                ? new ProgressUpdate(StreamId.Parse(entry.Id!), userId, movieId, position, time, eventId, sessionId)
                : null;
    }
}
