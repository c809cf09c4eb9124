namespace Streaming.ProgressWorker;

/// <summary>
/// Tuning of the buffer drain, bound from the "ProgressWorker" configuration section. The initialisers below are the
/// only defaults (appsettings.json sets none); every property is listed in docs/configuration.md.
/// </summary>
public sealed class ProgressWorkerOptions
{
    public const string SectionName = "ProgressWorker";

    /// <summary>Most stream entries taken (and persisted with one statement) at a time.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>
    /// How long an entry stays pending at another consumer before this one takes it over. Longer than any batch
    /// takes to persist, so a live consumer is not robbed; it is also the extra lag of updates a crashed worker held.
    /// </summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often to look for entries abandoned by dead consumers.</summary>
    public TimeSpan ReclaimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait before reading a shard again when it was empty: bounds the drain lag at low load.</summary>
    public TimeSpan PollDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Longest wait between reads of a shard that stays empty (the wait doubles from <see cref="PollDelay"/>): what
    /// keeps one consumer per shard and group cheap while nothing arrives, at the cost of that much lag on the first update.
    /// </summary>
    public TimeSpan IdlePollDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Most batch upserts one replica runs at once (its shards' consumers take turns): more only contend for
    /// PostgreSQL's cores and this replica's connection pool.
    /// </summary>
    public int PersistConcurrency { get; set; } = 4;

    /// <summary>How often each shard's due set is checked for hot copies whose persist interval ran out.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most hot copies one flush script hands over (it runs again at once when it took that many).</summary>
    public int FlushBatchSize { get; set; } = 1000;

    /// <summary>Longest wait between retries while PostgreSQL, Redis or Kafka fail.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often entries every group has acknowledged are trimmed and the buffer gauges sampled.</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Most buffer entries kept for the <c>progress-events</c> group while Kafka is down (about 200 bytes each in
    /// Redis), for the whole buffer: each shard keeps at most this divided by the number of shards (rounded down, at
    /// least 1). Beyond it the oldest unpublished progress events are dropped: a later position of the same title
    /// supersedes them. Entries the persist group still needs are never dropped.
    /// </summary>
    public long MaxBufferedEntries { get; set; } = 1_000_000;

    /// <summary>
    /// Longest a progress event waits for Kafka, measured against the newest buffered update: older unpublished
    /// progress events are dropped (unless the persist group still needs them).
    /// </summary>
    public TimeSpan ProgressEventsRetention { get; set; } = TimeSpan.FromHours(1);
}
