using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Kafka;
using Streaming.Core.Progress;

namespace Streaming.ProgressWorker.Buffer;

/// <summary>
/// Removes buffer entries once every consumer group this deployment runs has acknowledged them, shard by shard
/// (<see cref="ShardTrimmer"/>), removes consumers left behind by killed workers, and samples the buffer gauges.
/// Every replica runs it; all of it is idempotent.
/// <para>
/// The persist group is always waited for: the buffer is the only copy of progress PostgreSQL has not stored yet.
/// The events group is waited for only within the bound (<see cref="BufferBound"/>): progress events are superseded
/// by later positions, so during a long Kafka outage the oldest unpublished ones are dropped rather than growing
/// Redis until it fails. <see cref="ProgressWorkerOptions.MaxBufferedEntries"/> bounds the whole buffer: each shard
/// keeps at most its share (the bound divided by the number of shards).
/// </para>
/// </summary>
public sealed class BufferTrimService(
    IConnectionMultiplexer redis,
    ProgressLayout layout,
    KafkaOptions kafka,
    ProgressWorkerMetrics metrics,
    IOptions<ProgressWorkerOptions> options,
    ILogger<BufferTrimService> logger) : BackgroundService
{
    private static readonly TimeSpan IdleConsumerCheckInterval = TimeSpan.FromMinutes(1);

    private readonly ProgressWorkerOptions _options = options.Value;
    private bool _droppingEvents;
    private long _droppedInEpisode;
    private bool _persistBehind;
    private DateTime _nextIdleConsumerCheck = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var database = redis.GetDatabase();
        var perShard = Math.Max(1, _options.MaxBufferedEntries / layout.Shards.Count);
        var trimmers = layout.Shards
            .Select(shard => new ShardTrimmer(database, shard, kafka.Enabled, perShard, _options.ProgressEventsRetention, metrics))
            .ToArray();
        using var timer = new PeriodicTimer(_options.TrimInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removeIdle = DateTime.UtcNow >= _nextIdleConsumerCheck;
                var results = await Task.WhenAll(trimmers.Select(trimmer => trimmer.TrimAsync(removeIdle)));
                if (removeIdle)
                {
                    _nextIdleConsumerCheck = DateTime.UtcNow + IdleConsumerCheckInterval;
                }
                ReportDrops(results.Sum(result => result.Dropped), results.All(result => result.EventsCaughtUp));
                WarnWhilePersistIsBehind(results.Sum(result => result.PersistBacklog));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not trim the progress buffer; trying again in {Interval}", _options.TrimInterval);
            }
        }
    }

    private void ReportDrops(long dropped, bool eventsCaughtUp)
    {
        if (dropped > 0)
        {
            metrics.EventsDropped(dropped);
            _droppedInEpisode += dropped;
            if (!_droppingEvents)
            {
                _droppingEvents = true;
                logger.LogWarning(
                    "Kafka is not taking progress events: dropping the oldest progress events beyond {MaxEntries} buffered entries or {Retention} (first {Dropped} dropped); start and stop events are kept in the outbox",
                    _options.MaxBufferedEntries, _options.ProgressEventsRetention, dropped);
            }
        }
        else if (_droppingEvents && eventsCaughtUp)
        {
            logger.LogInformation("Progress events caught up; {Dropped} progress events were dropped during the outage", _droppedInEpisode);
            _droppingEvents = false;
            _droppedInEpisode = 0;
        }
    }

    private void WarnWhilePersistIsBehind(long backlog)
    {
        if (backlog > _options.MaxBufferedEntries && !_persistBehind)
        {
            _persistBehind = true;
            logger.LogWarning(
                "PostgreSQL is behind: {Backlog} progress updates wait to be persisted, more than {MaxEntries}. They are kept; the buffer grows until Redis reaches maxmemory, then progress writes answer 503",
                backlog, _options.MaxBufferedEntries);
        }
        else if (_persistBehind && backlog <= _options.MaxBufferedEntries / 2)
        {
            _persistBehind = false;
            logger.LogInformation("PostgreSQL caught up: {Backlog} progress updates wait to be persisted", backlog);
        }
    }
}
