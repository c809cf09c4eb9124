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
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
            {
                // Nothing is lost: due members stay in their sets until a flush script has run. A command that waited
                // out Redis's absence fails with RedisTimeoutException, a TimeoutException and no RedisException: let
                // through, it stopped the whole worker host (no more persisting or publishing) after a long outage.
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
