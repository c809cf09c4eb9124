using StackExchange.Redis;

namespace Streaming.ProgressWorker.Buffer;

/// <summary>
/// Handles the entries in hand, in stream order, and returns how many of them, from the start, are done
/// (they are acknowledged; the rest are handed back on the next call).
/// </summary>
public delegate Task<int> BufferEntriesHandler(IReadOnlyList<StreamEntry> entries, CancellationToken cancellationToken);

/// <summary>
/// One consumer of a consumer group on one shard's buffer, at least once: an entry is acknowledged only
/// after its handler said it is done. Entries not done are kept and retried, before any newer entry is taken,
/// so one consumer never overtakes its own failures. Entries a dead consumer held are taken over after
/// <see cref="ProgressWorkerOptions.ClaimIdleTime"/>. An idle shard is read less and less often (from
/// <see cref="ProgressWorkerOptions.PollDelay"/> up to <see cref="ProgressWorkerOptions.IdlePollDelay"/>), so a replica
/// polling every shard costs little while nothing arrives.
/// </summary>
/// <para>
/// With <paramref name="keepShardOrder"/>, a batch is handled only once no older entry of the shard is pending with
/// another consumer of the group (Redis's own pending list says so, no lock): replicas sharing a shard then hand its
/// entries on in stream order, even when one of them is retrying an outage.
/// </para>
/// <para>
/// With <paramref name="batchesInHand"/>, shared by the consumers of a replica, a batch is read only with one of its
/// slots, held until the batch is done: a backlog on every shard then holds that many batches in memory, not one per shard.
/// </para>
public sealed class BufferConsumer(IConnectionMultiplexer redis, string streamKey, string group, ProgressWorkerOptions options, ILogger logger,
    bool keepShardOrder = false, SemaphoreSlim? batchesInHand = null)
{
    private readonly IDatabase _database = redis.GetDatabase();
    private readonly string _consumer = ConsumerName.ForThisProcess();
    private RedisValue _reclaimCursor = "0-0";
    private DateTime _nextReclaimAt = DateTime.MinValue;

    public async Task RunAsync(BufferEntriesHandler handle, CancellationToken stoppingToken)
    {
        var backoff = new RetryBackoff(options.MaxRetryDelay);
        var idle = options.PollDelay;
        IReadOnlyList<StreamEntry> inHand = [];
        var holdingSlot = false;
        var groupExists = false;
        logger.LogDebug("Consumer {Consumer} of group {Group} on {Stream} started", _consumer, group, streamKey);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!groupExists)
                {
                    await CreateGroupAsync();
                    groupExists = true;
                }

                if (inHand.Count == 0)
                {
                    if (batchesInHand is not null && !holdingSlot)
                    {
                        await batchesInHand.WaitAsync(stoppingToken);
                        holdingSlot = true;
                    }
                    inHand = await TakeAsync();
                    if (inHand.Count == 0)
                    {
                        ReleaseSlot(ref holdingSlot);
                        await Task.Delay(idle, stoppingToken);
                        idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, Math.Max(options.PollDelay.Ticks, options.IdlePollDelay.Ticks)));
                        continue;
                    }
                    idle = options.PollDelay;
                }

                if (keepShardOrder && await OlderEntryPendingAsync(inHand[0].Id))
                {
                    // An older entry held by a consumer that died is taken over here, or no live consumer would.
                    inHand = await TakeOverOlderAsync(inHand);
                    if (await OlderEntryPendingAsync(inHand[0].Id))
                    {
                        await Task.Delay(options.PollDelay, stoppingToken);
                        continue;
                    }
                }

                var done = await handle(inHand, stoppingToken);
                if (done > 0)
                {
                    await _database.StreamAcknowledgeAsync(streamKey, group, inHand.Take(done).Select(entry => entry.Id).ToArray());
                    inHand = inHand.Skip(done).ToArray();
                }

                if (inHand.Count == 0)
                {
                    ReleaseSlot(ref holdingSlot);
                    backoff.Reset();
                }
                else
                {
                    await Task.Delay(backoff.Next(), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // The stream or the group is gone (Redis lost its data, or the key was deleted): create it again
                // rather than failing forever. Entries in hand are still handled and acknowledged (XACK of an
                // unknown id is harmless).
                groupExists = false;
                var delay = backoff.Next();
                logger.LogWarning(ex, "Group {Group} of {Stream} is missing; creating it again in {Delay}", group, streamKey, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex)
            {
                if (inHand.Count == 0)
                {
                    ReleaseSlot(ref holdingSlot);
                }
                var delay = backoff.Next();
                logger.LogWarning(ex, "Group {Group} of {Stream}: {Count} entries not done; retrying in {Delay}", group, streamKey, inHand.Count, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        ReleaseSlot(ref holdingSlot);
        await LeaveGroupAsync();
    }

    private void ReleaseSlot(ref bool holdingSlot)
    {
        if (holdingSlot)
        {
            batchesInHand!.Release();
            holdingSlot = false;
        }
    }

    private async Task<bool> OlderEntryPendingAsync(RedisValue firstInHand) =>
        (await _database.StreamPendingMessagesAsync(streamKey, group, 1, RedisValue.Null, "-", $"({firstInHand}")).Length > 0;

    private async Task<IReadOnlyList<StreamEntry>> TakeOverOlderAsync(IReadOnlyList<StreamEntry> inHand)
    {
        var abandoned = await _database.StreamAutoClaimAsync(
            streamKey, group, _consumer, (long)options.ClaimIdleTime.TotalMilliseconds, "0-0", options.BatchSize);
        var older = abandoned.ClaimedEntries.Where(entry => !entry.IsNull && !inHand.Any(held => held.Id == entry.Id));
        return older.Concat(inHand).OrderBy(entry => StreamId.Parse(entry.Id!)).ToArray();
    }

    private async Task CreateGroupAsync()
    {
        try
        {
            await _database.StreamCreateConsumerGroupAsync(streamKey, group, "0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another replica (or an earlier run) created it: its position is the one to keep.
        }
    }

    private async Task<IReadOnlyList<StreamEntry>> TakeAsync()
    {
        if (DateTime.UtcNow >= _nextReclaimAt)
        {
            var reclaimed = await _database.StreamAutoClaimAsync(
                streamKey, group, _consumer, (long)options.ClaimIdleTime.TotalMilliseconds, _reclaimCursor, options.BatchSize);
            _reclaimCursor = reclaimed.NextStartId;
            // "0-0" means the scan of the pending list wrapped around: nothing more to take over until the next round.
            if (_reclaimCursor == "0-0")
            {
                _nextReclaimAt = DateTime.UtcNow + options.ReclaimInterval;
            }
            if (reclaimed.DeletedIds.Length > 0)
            {
                // Trimmed while pending (the events group past its bound): Redis already removed them from the
                // pending list, so there is nothing to hand over or acknowledge.
                logger.LogInformation("Group {Group}: {Count} abandoned entries were trimmed before they were done", group, reclaimed.DeletedIds.Length);
            }
            // Redis before 7 answers a trimmed entry as nil (no id, no fields) in place of the deleted ids.
            var claimed = reclaimed.ClaimedEntries.Where(entry => !entry.IsNull).ToArray();
            if (claimed.Length > 0)
            {
                logger.LogInformation("Group {Group}: took over {Count} entries abandoned by another consumer", group, claimed.Length);
                return claimed;
            }
        }

        return await _database.StreamReadGroupAsync(streamKey, group, _consumer, StreamPosition.NewMessages, options.BatchSize);
    }

    /// <summary>
    /// Removes this consumer from the group on a clean stop so that names do not pile up across restarts,
    /// but only when it holds nothing: deleting a consumer drops its pending entries, which would lose them.
    /// </summary>
    private async Task LeaveGroupAsync()
    {
        try
        {
            var consumers = await _database.StreamConsumerInfoAsync(streamKey, group);
            if (consumers.Any(consumer => consumer.Name == _consumer && consumer.PendingMessageCount == 0))
            {
                await _database.StreamDeleteConsumerAsync(streamKey, group, _consumer);
            }
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            logger.LogWarning(ex, "Group {Group}: could not remove consumer {Consumer}", group, _consumer);
        }
    }
}
