using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Progress;
using Streaming.ProgressWorker.Buffer;

namespace Streaming.ProgressWorker.Drain;

/// <summary>
/// Drains the progress buffer into <c>watch_progress</c>: one consumer of the persist group per shard, one upsert per
/// batch, acknowledged after the commit. Only entries marked persist are written (at most one per user and title per
/// persist interval, plus stops and flushes); the others only feed the events group and are acknowledged as they are.
/// A user's keys are in one shard, so concurrent batches of different shards never touch the same rows.
/// </summary>
public sealed class ProgressDrainService(
    IConnectionMultiplexer redis,
    ProgressLayout layout,
    WatchProgressWriter writer,
    StaleHotCopyRepair repair,
    ProgressWorkerMetrics metrics,
    IOptions<ProgressWorkerOptions> options,
    TimeProvider time,
    ILogger<ProgressDrainService> logger) : BackgroundService
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _writers = new(Math.Max(1, options.Value.PersistConcurrency));

    /// <summary>
    /// One more than the writers: the next batch is read and prepared while the others are written, but a backlog on
    /// every shard holds this many batches in memory, not one per shard (sixteen batches of 5,000 took the worker past
    /// 300 MB; twice the writers peaked at 273 MB in a 300,000-entry drain, one more than them at 254-259 MB, with the
    /// same drain rate: bench/BENCHMARKS.md).
    /// </summary>
    private readonly SemaphoreSlim _batchesInHand = new(Math.Max(1, options.Value.PersistConcurrency) + 1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(layout.Shards.Select(shard =>
            new BufferConsumer(redis, shard.StreamKey, ProgressBuffer.PersistGroup, options.Value, logger, batchesInHand: _batchesInHand)
                .RunAsync(PersistAsync, stoppingToken)));

    private async Task<int> PersistAsync(IReadOnlyList<StreamEntry> entries, CancellationToken stoppingToken)
    {
        var updates = new List<ProgressUpdate>(entries.Count);
        foreach (var entry in entries)
        {
            if (ProgressUpdate.FromEntry(entry) is not { } update)
            {
                logger.LogError("Skipping malformed progress entry {EntryId}", entry.Id);
            }
            else if (update.Persist)
            {
                updates.Add(update);
            }
        }

        var rows = NewestProgress.PerTitle(updates);
        if (rows.Count == 0)
        {
            return entries.Count;
        }
        // Shutdown gets a short grace to finish the batch in hand (sparing it the wait for a takeover after a
        // restart), but no more: a worker that cannot reach PostgreSQL must still stop promptly.
        using var grace = new CancellationTokenSource();
        await using var onStop = stoppingToken.Register(() => grace.CancelAfter(ShutdownGrace));
        UpsertResult result;
        await _writers.WaitAsync(grace.Token);
        try
        {
            result = await writer.UpsertAsync(rows, grace.Token);
        }
        finally
        {
            _writers.Release();
        }
        metrics.Persisted(updates, result.Written, time.GetUtcNow());
        if (result.Refused.Count > 0)
        {
            try
            {
                await repair.RemoveAsync(result.Refused);
            }
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
            {
                // The rows are safe in PostgreSQL; the stale hot copy only lives until its TTL.
                logger.LogWarning(ex, "Could not remove {Count} hot copies older than the stored progress", result.Refused.Count);
            }
        }
        return entries.Count;
    }

    public override void Dispose()
    {
        _writers.Dispose();
        _batchesInHand.Dispose();
        base.Dispose();
    }
}
