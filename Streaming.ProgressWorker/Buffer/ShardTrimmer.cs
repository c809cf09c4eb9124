using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.ProgressWorker.Buffer;

/// <summary>What one trim of one shard did.</summary>
/// <param name="Dropped">Entries trimmed before the events group published them.</param>
/// <param name="EventsCaughtUp">The events group needs nothing older than the persist group does.</param>
/// <param name="PersistBacklog">Entries the persist group has not acknowledged yet.</param>
public readonly record struct ShardTrimResult(long Dropped, bool EventsCaughtUp, long PersistBacklog);

/// <summary>
/// Trims one shard's buffer: below what the persist group needs always, below what the events group needs only within
/// the shard's part of the bound (<see cref="BufferBound"/>); leaves the marks that find the bound; samples the gauges.
/// </summary>
public sealed class ShardTrimmer(IDatabase database, ProgressShard shard, bool eventsEnabled, long maxEntries, TimeSpan retention, ProgressWorkerMetrics metrics)
{
    public async Task<ShardTrimResult> TrimAsync(bool removeIdleConsumers)
    {
        if (!await database.KeyExistsAsync(shard.StreamKey))
        {
            return new ShardTrimResult(0, true, 0);
        }

        // Group positions first, pending lists second: see GroupPosition.Needed for why this order is safe.
        var groups = await database.StreamGroupInfoAsync(shard.StreamKey);
        var stream = await database.StreamInfoAsync(shard.StreamKey);
        metrics.Sampled(shard.Index, new BufferSnapshot(stream.Length, groups.Select(group => new GroupSnapshot(group.Name, group.PendingMessageCount, group.Lag ?? 0)).ToArray()));

        if (await PositionAsync(groups, ProgressBuffer.PersistGroup, removeIdleConsumers) is not { } persist)
        {
            return new ShardTrimResult(0, true, 0);
        }
        var persistInfo = groups.Single(group => group.Name == ProgressBuffer.PersistGroup);
        var backlog = (persistInfo.Lag ?? 0) + persistInfo.PendingMessageCount;

        GroupPosition? events = null;
        if (eventsEnabled && (events = await PositionAsync(groups, ProgressBuffer.EventsGroup, removeIdleConsumers)) is null)
        {
            return new ShardTrimResult(0, true, backlog);
        }

        var newest = StreamId.Parse(stream.LastGeneratedId!);
        var floor = events is null ? StreamId.Zero : await EventsFloorAsync(stream.EntriesAdded, stream.Length, newest);
        var trim = BufferTrimPoint.Compute([persist], events is { } bounded ? [bounded] : [], floor);
        if (trim.Safe != StreamId.Zero)
        {
            // Exact, not "~": approximate trimming removes at most 10,000 entries per call by default, which
            // falls behind at 100k updates/s. Exact trimming still frees whole nodes at once.
            await database.StreamTrimByMinIdAsync(shard.StreamKey, trim.Safe.ToString());
        }
        var dropped = trim.DropsEntries ? await database.StreamTrimByMinIdAsync(shard.StreamKey, trim.Point.ToString()) : 0;

        if (events is not null)
        {
            await MarkAsync(stream.EntriesAdded, newest, firstNumber: stream.EntriesAdded - stream.Length + 1);
        }
        return new ShardTrimResult(dropped, events is not { } position || position.Needed.CompareTo(persist.Needed) >= 0, backlog);
    }

    /// <summary>The group's position, or null when it does not exist yet (it then starts at id 0 and needs every entry).</summary>
    private async Task<GroupPosition?> PositionAsync(StreamGroupInfo[] groups, string name, bool removeIdleConsumers)
    {
        if (groups.FirstOrDefault(group => group.Name == name) is not { Name: not null } group)
        {
            return null;
        }
        if (removeIdleConsumers)
        {
            await IdleConsumerRemoval.RemoveAsync(database, shard.StreamKey, name);
        }
        var pending = await database.StreamPendingAsync(shard.StreamKey, name);
        return new GroupPosition(
            StreamId.Parse(group.LastDeliveredId!),
            pending.PendingMessageCount > 0 ? StreamId.Parse(pending.LowestPendingMessageId!) : null);
    }

    private async Task<StreamId> EventsFloorAsync(long entriesAdded, long length, StreamId newest)
    {
        var floor = BufferBound.AgeFloor(newest, retention);
        // Marks of recent entries always lie among the newest n numbers: only a stream over the bound is cut by count.
        if (BufferBound.FirstNumberToKeep(entriesAdded, length, maxEntries) is not { } firstToKeep)
        {
            return floor;
        }
        var marks = await database.SortedSetRangeByScoreWithScoresAsync(shard.MarksKey, firstToKeep, double.PositiveInfinity, take: 1);
        return BufferBound.CountFloor(marks.Select(mark => new BufferMark((long)mark.Score, StreamId.Parse(mark.Element!))), firstToKeep) is { } byCount
            ? StreamId.Max(floor, byCount)
            : floor;
    }

    /// <summary>Leaves a mark for the newest entry and forgets marks of entries that are gone.</summary>
    private async Task MarkAsync(long entriesAdded, StreamId newest, long firstNumber)
    {
        try
        {
            await database.SortedSetAddAsync(shard.MarksKey, newest.ToString(), entriesAdded);
            await database.SortedSetRemoveRangeByScoreAsync(shard.MarksKey, double.NegativeInfinity, firstNumber, Exclude.Stop);
            // A stream that was recreated (Redis lost its data) counts from 1 again: marks above its count are stale.
            await database.SortedSetRemoveRangeByScoreAsync(shard.MarksKey, entriesAdded, double.PositiveInfinity, Exclude.Start);
        }
        catch (RedisServerException)
        {
            // At maxmemory (noeviction) ZADD is refused; trimming, which frees memory, must go on regardless.
        }
    }
}
