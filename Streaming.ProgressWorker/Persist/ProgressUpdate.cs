using StackExchange.Redis;
using Streaming.Core.Progress;
using Streaming.ProgressWorker.Buffer;
using Streaming.ProgressWorker.Events;

namespace Streaming.ProgressWorker.Persist;

/// <summary>
/// One buffer entry: an accepted progress update as the API appended it, or a flush entry (a hot copy handed to the
/// persist group after its interval: no event id, always <see cref="Persist"/>).
/// </summary>
public sealed record ProgressUpdate(
    StreamId EntryId,
    Guid UserId,
    Guid MovieId,
    int PositionSeconds,
    long EventTimeMs,
    Guid? EventId,
    Guid? SessionId)
{
    /// <summary>Whether the persist group writes it to PostgreSQL (the persist interval ran out, a stop, or a flush).</summary>
    public bool Persist { get; init; }

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

        var eventField = entry[ProgressBuffer.Fields.EventId];
        Guid? eventId = null;
        if (!eventField.IsNull)
        {
            if (!Guid.TryParse((string?)eventField, out var parsedEvent))
            {
                return null;
            }
            eventId = parsedEvent;
        }

        return Guid.TryParse((string?)entry[ProgressBuffer.Fields.UserId], out var userId)
            && Guid.TryParse((string?)entry[ProgressBuffer.Fields.MovieId], out var movieId)
            && entry[ProgressBuffer.Fields.Position].TryParse(out int position)
            && entry[ProgressBuffer.Fields.Time].TryParse(out long time)
                ? new ProgressUpdate(StreamId.Parse(entry.Id!), userId, movieId, position, time, eventId, sessionId)
                {
                    Persist = entry[ProgressBuffer.Fields.Persist] == "1",
                }
                : null;
    }
}
