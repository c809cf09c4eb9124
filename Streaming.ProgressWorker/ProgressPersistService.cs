using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.ProgressWorker;

/// <summary>Drains the progress buffer into <c>watch_progress</c>: one upsert per batch, acknowledged after the commit.</summary>
public sealed class ProgressPersistService(
    IConnectionMultiplexer redis,
    WatchProgressWriter writer,
    StaleHotCopyRepair repair,
    ProgressWorkerMetrics metrics,
    IOptions<ProgressWorkerOptions> options,
    TimeProvider time,
    ILogger<ProgressPersistService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new BufferConsumer(redis, ProgressBuffer.PersistGroup, options.Value, logger).RunAsync(PersistAsync, stoppingToken);

    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(3);

    private async Task<int> PersistAsync(IReadOnlyList<StreamEntry> entries, CancellationToken stoppingToken)
    {
        var updates = new List<ProgressUpdate>(entries.Count);
        foreach (var entry in entries)
        {
            if (ProgressUpdate.FromEntry(entry) is { } update)
            {
                updates.Add(update);
            }
            else
            {
                logger.LogError("Skipping malformed progress entry {EntryId}", entry.Id);
            }
        }

        var rows = NewestProgress.PerTitle(updates);
        // Shutdown gets a short grace to finish the batch in hand (sparing it the wait for a takeover after a
        // restart), but no more: a worker that cannot reach PostgreSQL must still stop promptly.
        using var grace = new CancellationTokenSource();
        await using var onStop = stoppingToken.Register(() => grace.CancelAfter(ShutdownGrace));
        var result = rows.Count == 0 ? new UpsertResult(0, []) : await writer.UpsertAsync(rows, grace.Token);
        metrics.Persisted(updates, result.Written, time.GetUtcNow());
        if (result.Refused.Count > 0)
        {
            try
            {
                await repair.RemoveAsync(result.Refused);
            }
            catch (RedisException ex)
            {
                // The rows are safe in PostgreSQL; the stale hot copy only lives until its TTL.
                logger.LogWarning(ex, "Could not remove {Count} hot copies older than the stored progress", result.Refused.Count);
            }
        }
        return entries.Count;
    }
}
