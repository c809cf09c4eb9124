using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Kafka;
using Streaming.Core.Progress;

namespace Streaming.ProgressWorker;

/// <summary>
/// Removes buffer entries once every consumer group this deployment runs has acknowledged them, removes
/// consumers left behind by killed workers, and samples the buffer gauges. Every replica runs it; all of it is idempotent.
/// <para>
/// The persist group is always waited for: the buffer is the only copy of progress PostgreSQL has not stored yet.
/// The events group is waited for only within the bound (<see cref="BufferBound"/>): progress events are superseded
/// by later positions, so during a long Kafka outage the oldest unpublished ones are dropped rather than growing
/// Redis until it fails.
/// </para>
/// </summary>
public sealed class BufferTrimService(
    IConnectionMultiplexer redis,
    KafkaOptions kafka,
    ProgressWorkerMetrics metrics,
    IOptions<ProgressWorkerOptions> options,
    ILogger<BufferTrimService> logger) : BackgroundService
{
    private readonly IDatabase _database = redis.GetDatabase();
    private readonly ProgressWorkerOptions _options = options.Value;
    private bool _droppingEvents;
    private long _droppedInEpisode;
    private bool _persistBehind;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.TrimInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TrimAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not trim the progress buffer; trying again in {Interval}", _options.TrimInterval);
            }
        }
    }

    private async Task TrimAsync()
    {
        if (!await _database.KeyExistsAsync(ProgressBuffer.StreamKey))
        {
            return;
        }

        // Group positions first, pending lists second: see GroupPosition.Needed for why this order is safe.
        var groups = await _database.StreamGroupInfoAsync(ProgressBuffer.StreamKey);
        var stream = await _database.StreamInfoAsync(ProgressBuffer.StreamKey);
        metrics.Sampled(new BufferSnapshot(stream.Length, groups.Select(group => new GroupSnapshot(group.Name, group.PendingMessageCount, group.Lag ?? 0)).ToArray()));

        if (await PositionAsync(groups, ProgressBuffer.PersistGroup) is not { } persist)
        {
            return;
        }
        WarnWhilePersistIsBehind(groups.Single(group => group.Name == ProgressBuffer.PersistGroup));

        GroupPosition? events = null;
        if (kafka.Enabled && (events = await PositionAsync(groups, ProgressBuffer.EventsGroup)) is null)
        {
            return;
        }

        var newest = StreamId.Parse(stream.LastGeneratedId!);
        var floor = events is null ? StreamId.Zero : await EventsFloorAsync(stream.EntriesAdded, stream.Length, newest);
        var trim = BufferTrimPoint.Compute([persist], events is { } bounded ? [bounded] : [], floor);
        if (trim.Safe != StreamId.Zero)
        {
            // Exact, not "~": approximate trimming removes at most 10,000 entries per call by default, which
            // falls behind at 100k updates/s. Exact trimming still frees whole nodes at once.
            await _database.StreamTrimByMinIdAsync(ProgressBuffer.StreamKey, trim.Safe.ToString());
        }
        var dropped = trim.DropsEntries ? await _database.StreamTrimByMinIdAsync(ProgressBuffer.StreamKey, trim.Point.ToString()) : 0;
        ReportDrops(dropped, eventsCaughtUp: events is { } position && position.Needed.CompareTo(persist.Needed) >= 0);

        if (events is not null)
        {
            await MarkAsync(stream.EntriesAdded, newest, firstNumber: stream.EntriesAdded - stream.Length + 1);
        }
    }

    /// <summary>The group's position, or null when it does not exist yet (it then starts at id 0 and needs every entry).</summary>
    private async Task<GroupPosition?> PositionAsync(StreamGroupInfo[] groups, string name)
    {
        if (groups.FirstOrDefault(group => group.Name == name) is not { Name: not null } group)
        {
            return null;
        }
        await IdleConsumerRemoval.RemoveAsync(_database, name);
        var pending = await _database.StreamPendingAsync(ProgressBuffer.StreamKey, name);
        return new GroupPosition(
            StreamId.Parse(group.LastDeliveredId!),
            pending.PendingMessageCount > 0 ? StreamId.Parse(pending.LowestPendingMessageId!) : null);
    }

    private async Task<StreamId> EventsFloorAsync(long entriesAdded, long length, StreamId newest)
    {
        var floor = BufferBound.AgeFloor(newest, _options.ProgressEventsRetention);
        // Marks of recent entries always lie among the newest n numbers: only a stream over the bound is cut by count.
        if (BufferBound.FirstNumberToKeep(entriesAdded, length, _options.MaxBufferedEntries) is not { } firstToKeep)
        {
            return floor;
        }
        var marks = await _database.SortedSetRangeByScoreWithScoresAsync(ProgressBuffer.MarksKey, firstToKeep, double.PositiveInfinity, take: 1);
        return BufferBound.CountFloor(marks.Select(mark => new BufferMark((long)mark.Score, StreamId.Parse(mark.Element!))), firstToKeep) is { } byCount
            ? StreamId.Max(floor, byCount)
            : floor;
    }

    /// <summary>Leaves a mark for the newest entry and forgets marks of entries that are gone.</summary>
    private async Task MarkAsync(long entriesAdded, StreamId newest, long firstNumber)
    {
        try
        {
            await _database.SortedSetAddAsync(ProgressBuffer.MarksKey, newest.ToString(), entriesAdded);
            await _database.SortedSetRemoveRangeByScoreAsync(ProgressBuffer.MarksKey, double.NegativeInfinity, firstNumber, Exclude.Stop);
            // A stream that was recreated (Redis lost its data) counts from 1 again: marks above its count are stale.
            await _database.SortedSetRemoveRangeByScoreAsync(ProgressBuffer.MarksKey, entriesAdded, double.PositiveInfinity, Exclude.Start);
        }
        catch (RedisServerException ex)
        {
            // At maxmemory (noeviction) ZADD is refused; trimming, which frees memory, must go on regardless.
            logger.LogDebug(ex, "Could not mark the progress buffer");
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

    private void WarnWhilePersistIsBehind(StreamGroupInfo persist)
    {
        var backlog = (persist.Lag ?? 0) + persist.PendingMessageCount;
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
