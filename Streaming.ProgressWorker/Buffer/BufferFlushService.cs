using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.ProgressWorker.Buffer;

/// <summary>
/// Hands to the persist group the hot copies whose persist interval ran out with no newer update to carry them (a
/// viewer who paused or left): every <see cref="ProgressWorkerOptions.FlushInterval"/>, one script per shard
/// (ProgressFlush.lua) appends a flush entry with the hot copy's position, time and session and removes it from the
/// due set, atomically. Every replica runs it: two flushers of one shard take disjoint members (each script runs
/// alone), so no coordination is needed.
/// </summary>
public sealed class BufferFlushService(
    IConnectionMultiplexer redis,
    ProgressLayout layout,
    ProgressWorkerMetrics metrics,
    IOptions<ProgressWorkerOptions> options,
    ILogger<BufferFlushService> logger) : BackgroundService
{
    private readonly ProgressWorkerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var database = redis.GetDatabase();
        using var timer = new PeriodicTimer(_options.FlushInterval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var flushed = await Task.WhenAll(layout.Shards.Select(shard => FlushAsync(database, shard)));
                metrics.Flushed(flushed.Sum());
                if (failing)
                {
                    failing = false;
                    logger.LogInformation("Flushing due hot copies works again");
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Nothing is lost: due members stay in their sets until a flush script has run. Any failure is tried
                // again: an exception let through stops the whole worker host (no more draining or publishing), and
                // the Redis client does not only throw RedisException (RedisTimeoutException after a long outage; an
                // InvalidOperationException, "Writing is not allowed after writer was completed", racing a SIGKILL).
                if (!failing)
                {
                    failing = true;
                    logger.LogWarning(ex, "Could not flush due hot copies; trying again every {Interval}", _options.FlushInterval);
                }
            }
        }
    }

    private async Task<long> FlushAsync(IDatabase database, ProgressShard shard)
    {
        long total = 0;
        long taken;
        do
        {
            taken = (long)await database.ScriptEvaluateAsync(ProgressScripts.Flush, [shard.DueKey, shard.StreamKey],
                [shard.HotKeyPrefix, _options.FlushBatchSize]);
            total += taken;
        }
        while (taken >= _options.FlushBatchSize);
        return total;
    }
}
