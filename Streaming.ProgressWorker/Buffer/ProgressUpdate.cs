using System.Text;
using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.ProgressWorker.Buffer;

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

    private static readonly byte[] UserIdName = Encoding.ASCII.GetBytes(ProgressBuffer.Fields.UserId);
    private static readonly byte[] MovieIdName = Encoding.ASCII.GetBytes(ProgressBuffer.Fields.MovieId);
    private static readonly byte[] PositionName = Encoding.ASCII.GetBytes(ProgressBuffer.Fields.Position);
    private static readonly byte[] TimeName = Encoding.ASCII.GetBytes(ProgressBuffer.Fields.Time);
    private static readonly byte[] EventIdName = Encoding.ASCII.GetBytes(ProgressBuffer.Fields.EventId);
    private static readonly byte[] SessionIdName = Encoding.ASCII.GetBytes(ProgressBuffer.Fields.SessionId);
    private static readonly byte[] PersistName = Encoding.ASCII.GetBytes(ProgressBuffer.Fields.Persist);

    /// <summary>The update in a stream entry, or null when the entry is malformed (it can never succeed, so it is skipped).</summary>
    /// <remarks>
    /// One pass over the fields, comparing names and parsing ids as the bytes Redis sent: the drain reads every entry of
    /// the buffer, and looking each field up by a <see cref="RedisValue"/> name, with its comparisons and string
    /// conversions, stood out in a profile of the drain.
    /// </remarks>
    public static ProgressUpdate? FromEntry(StreamEntry entry)
    {
        Guid? userId = null, movieId = null, eventId = null, sessionId = null;
        int? position = null;
        long? time = null;
        var persist = false;
        var readable = true;
        foreach (var field in entry.Values)
        {
            var name = ((ReadOnlyMemory<byte>)field.Name).Span;
            if (name.SequenceEqual(UserIdName))
            {
                readable &= TryParseGuid(field.Value, ref userId);
            }
            else if (name.SequenceEqual(MovieIdName))
            {
                readable &= TryParseGuid(field.Value, ref movieId);
            }
            else if (name.SequenceEqual(EventIdName))
            {
                readable &= TryParseGuid(field.Value, ref eventId);
            }
            else if (name.SequenceEqual(SessionIdName))
            {
                // "" when the user started no session.
                readable &= field.Value.IsNullOrEmpty || TryParseGuid(field.Value, ref sessionId);
            }
            else if (name.SequenceEqual(PositionName))
            {
                readable &= field.Value.TryParse(out int parsed);
                position = parsed;
            }
            else if (name.SequenceEqual(TimeName))
            {
                readable &= field.Value.TryParse(out long parsed);
                time = parsed;
            }
            else if (name.SequenceEqual(PersistName))
            {
                persist = field.Value == 1;
            }
        }

        return readable && userId is { } user && movieId is { } movie && position is { } seconds && time is { } eventTime
            ? new ProgressUpdate(StreamId.Parse(entry.Id!), user, movie, seconds, eventTime, eventId, sessionId) { Persist = persist }
            : null;
    }

    private static bool TryParseGuid(RedisValue value, ref Guid? result)
    {
        if (!Guid.TryParse(((ReadOnlyMemory<byte>)value).Span, out var parsed))
        {
            return false;
        }
        result = parsed;
        return true;
    }
}
