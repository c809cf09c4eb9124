namespace Streaming.Core.Progress;

/// <summary>
/// What the API (writer) and the progress worker (reader) agree on besides the keys (<see cref="ProgressShard"/>):
/// the consumer groups, the fields of a buffered update and of a hot copy.
/// </summary>
public static class ProgressBuffer
{
    /// <summary>Consumer group that persists updates into PostgreSQL.</summary>
    public const string PersistGroup = "progress-persist";

    /// <summary>Consumer group that publishes <c>stream.progress</c> events to Kafka.</summary>
    public const string EventsGroup = "progress-events";

    /// <summary>Field names of a buffered update (short: the buffer holds millions of them under load).</summary>
    public static class Fields
    {
        public const string UserId = "u";
        public const string MovieId = "m";
        public const string Position = "p";
        /// <summary>Event time, Unix milliseconds: the ordering key (newer wins).</summary>
        public const string Time = "t";
        /// <summary>
        /// Event id of the resulting <c>stream.progress</c> event; the same on every redelivery. Absent on a flush entry
        /// (a hot copy handed to the persist group after its interval), which publishes nothing.
        /// </summary>
        public const string EventId = "e";
        /// <summary>Stream session the update belongs to ("" when the user started none).</summary>
        public const string SessionId = "s";
        /// <summary>"1" when the persist group writes the entry to PostgreSQL; other entries only feed the events group.</summary>
        public const string Persist = "d";
    }

    /// <summary>Field names of a hot copy hash.</summary>
    public static class HotFields
    {
        public const string Position = "p";
        /// <summary>Event time, Unix milliseconds.</summary>
        public const string Time = "t";
        /// <summary>Stream session of the newest update.</summary>
        public const string SessionId = "s";
        /// <summary>When (Redis's clock, Unix ms) the hot copy was last handed to the persist group.</summary>
        public const string HandedAt = "w";
        /// <summary>Start (Redis's clock, Unix ms) of the title's current rate window (<c>PROGRESS_RATE_WINDOW</c>).</summary>
        public const string RateWindowStart = "rs";
        /// <summary>Updates of the title counted in that window (<c>PROGRESS_RATE_LIMIT</c>).</summary>
        public const string RateCount = "rn";
    }
}
