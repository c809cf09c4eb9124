using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Kafka;
using Streaming.Core.Progress;

namespace Streaming.ProgressWorker;

/// <summary>
/// Removes buffer entries once every consumer group this deployment runs has acknowledged them, removes
/// consumers left behind by killed workers, and samples the buffer gauges. Every replica runs it; all of it is idempotent.
/// </summary>
public sealed class BufferTrimService(
    IConnectionMultiplexer redis,
    KafkaOptions kafka,
    ProgressWorkerMetrics metrics,
    IOptions<ProgressWorkerOptions> options,
    ILogger<BufferTrimService> logger) : BackgroundService
{
    private readonly IDatabase _database = redis.GetDatabase();
    private readonly string[] _groupsToWaitFor = kafka.Enabled
        ? [ProgressBuffer.PersistGroup, ProgressBuffer.EventsGroup]
        : [ProgressBuffer.PersistGroup];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TrimInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TrimAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not trim the progress buffer; trying again in {Interval}", options.Value.TrimInterval);
            }
        }
    }

    private async Task TrimAsync()
    {
        if (!await _database.KeyExistsAsync(ProgressBuffer.StreamKey))
        {
            return;
        }

        // Group positions first, pending lists second: see BufferTrimPoint for why this order is safe.
        var groups = await _database.StreamGroupInfoAsync(ProgressBuffer.StreamKey);
        var length = await _database.StreamLengthAsync(ProgressBuffer.StreamKey);
        metrics.Sampled(new BufferSnapshot(length, groups.Select(group => new GroupSnapshot(group.Name, group.PendingMessageCount, group.Lag ?? 0)).ToArray()));

        var positions = new List<GroupPosition>(_groupsToWaitFor.Length);
        foreach (var name in _groupsToWaitFor)
        {
            if (groups.FirstOrDefault(group => group.Name == name) is not { Name: not null } group)
            {
                // A group that does not exist yet still needs every entry once it is created (it starts at id 0).
                return;
            }
            await IdleConsumerRemoval.RemoveAsync(_database, name);
            var pending = await _database.StreamPendingAsync(ProgressBuffer.StreamKey, name);
            positions.Add(new GroupPosition(
                StreamId.Parse(group.LastDeliveredId!),
                pending.PendingMessageCount > 0 ? StreamId.Parse(pending.LowestPendingMessageId!) : null));
        }

        var trimPoint = BufferTrimPoint.Compute(positions);
        if (trimPoint != StreamId.Zero)
        {
            // Exact, not "~": approximate trimming removes at most 10,000 entries per call by default, which
            // falls behind at 100k updates/s. Exact trimming still frees whole nodes at once.
            await _database.StreamTrimByMinIdAsync(ProgressBuffer.StreamKey, trimPoint.ToString());
        }
    }
}
