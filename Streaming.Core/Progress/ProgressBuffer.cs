namespace Streaming.Core.Progress;

/// <summary>
/// The Redis layout shared by the API (writer) and the progress worker (reader).
/// <list type="bullet">
/// <item><c>progress:{user}:{movie}</c>: hash, the hot copy (<c>p</c> position, <c>t</c> event time in ms), with a TTL.</item>
/// <item><c>progress:buffer</c>: stream, every accepted update, drained by consumer groups (at least once).</item>
/// <item><c>progress:buffer:marks</c>: sorted set, entry number → id of buffer entries, kept by the worker's trimmer to find where the bound falls.</item>
/// <item><c>progress:session:{user}:{movie}</c>: string, the user's current stream session for the title.</item>
/// <item><c>progress:rate:{user}:{movie}</c>: counter of updates in the current rate window.</item>
/// <item><c>progress:{{user}}:rate:{action}</c>: the user's counter of progress, start or stop requests across all
/// titles in the current window. The braces are a Redis Cluster hash tag: a user's new keys share one slot.</item>
/// </list>
/// </summary>
public static class ProgressBuffer
{
    public const string StreamKey = "progress:buffer";

    /// <summary>Marks the trimmer leaves in the buffer (score: entry number, member: entry id).</summary>
    public const string MarksKey = "progress:buffer:marks";

    /// <summary>Consumer group that persists updates into PostgreSQL.</summary>
    public const string PersistGroup = "progress-persist";

    /// <summary>Consumer group that publishes <c>stream.progress</c> events to Kafka.</summary>
    public const string EventsGroup = "progress-events";

    public static string HotKey(Guid userId, Guid movieId) => $"progress:{userId:N}:{movieId:N}";
    public static string SessionKey(Guid userId, Guid movieId) => $"progress:session:{userId:N}:{movieId:N}";
    public static string RateKey(Guid userId, Guid movieId) => $"progress:rate:{userId:N}:{movieId:N}";
    public static string UserRateKey(Guid userId, string action) => $"progress:{{{userId:N}}}:rate:{action}";

    /// <summary>Field names of a buffered update (short: the buffer holds millions of them under load).</summary>
    public static class Fields
    {
        public const string UserId = "u";
        public const string MovieId = "m";
        public const string Position = "p";
        /// <summary>Event time, Unix milliseconds: the ordering key (newer wins).</summary>
        public const string Time = "t";
        /// <summary>Event id of the resulting <c>stream.progress</c> event; the same on every redelivery.</summary>
        public const string EventId = "e";
        /// <summary>Stream session the update belongs to, when the user started one.</summary>
        public const string SessionId = "s";
    }
}
