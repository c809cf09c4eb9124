using StackExchange.Redis;
using Microsoft.Extensions.Options;
using Streaming.Core.Events;
using Streaming.Core.Kafka;
using Streaming.Core.Progress;

namespace Streaming.ProgressWorker;

/// <summary>
/// Publishes a <c>stream.progress</c> event per buffered update, through its own consumer group. Entries are
/// published in stream order and acknowledged up to the first failure; the rest are retried before anything
/// newer, so a user's events never overtake each other (a retry carries the same event id).
/// Only one replica publishes at a time (a Redis lease): two consumers of the group would publish one user's
/// updates side by side and could reorder them. A new leader first takes over every entry its predecessor held.
/// </summary>
public sealed class ProgressEventsService(
    IConnectionMultiplexer redis,
    EventPublisher publisher,
    ProgressWorkerMetrics metrics,
    IOptions<ProgressWorkerOptions> options,
    ILogger<ProgressEventsService> logger) : BackgroundService
{
    private const string LeaseKey = "progress:events:leader";
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = new RedisLease(redis.GetDatabase(), LeaseKey, ConsumerName.ForThisProcess(), LeaseTtl);
        // Whatever is pending in the group belongs to an earlier leader, which is gone: no need to wait for it to idle.
        var leaderOptions = new ProgressWorkerOptions
        {
            BatchSize = options.Value.BatchSize,
            ClaimIdleTime = TimeSpan.Zero,
            ReclaimInterval = options.Value.ReclaimInterval,
            PollDelay = options.Value.PollDelay,
            MaxRetryDelay = options.Value.MaxRetryDelay,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await lease.TryAcquireAsync())
                {
                    await Task.Delay(LeaseTtl / 3, stoppingToken);
                    continue;
                }
                logger.LogInformation("This replica now publishes progress events");
                using var leadership = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var renewal = RenewWhileLeadingAsync(lease, leadership);
                try
                {
                    await new BufferConsumer(redis, ProgressBuffer.EventsGroup, leaderOptions, logger).RunAsync(PublishAsync, leadership.Token);
                }
                finally
                {
                    await leadership.CancelAsync();
                    await renewal;
                    await lease.ReleaseAsync();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisException ex)
            {
                logger.LogWarning(ex, "Progress events: Redis unavailable; retrying");
                await Task.Delay(options.Value.MaxRetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RenewWhileLeadingAsync(RedisLease lease, CancellationTokenSource leadership)
    {
        using var timer = new PeriodicTimer(lease.Ttl / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(leadership.Token))
            {
                if (!await lease.RenewAsync())
                {
                    logger.LogWarning("Progress events: lost the publishing lease; stepping down");
                    await leadership.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RedisException ex)
        {
            // Unsure whether we still hold it: step down rather than risk two publishers.
            logger.LogWarning(ex, "Progress events: could not renew the publishing lease; stepping down");
            await leadership.CancelAsync();
        }
    }

    private async Task<int> PublishAsync(IReadOnlyList<StreamEntry> entries, CancellationToken stoppingToken)
    {
        var events = new List<OutgoingEvent>(entries.Count);
        var entryIndexOfEvent = new List<int>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (ProgressUpdate.FromEntry(entries[i]) is not { } update)
            {
                logger.LogError("Skipping malformed progress entry {EntryId}", entries[i].Id);
                continue;
            }
            var progress = StreamEvent.Progress(update.EventId, update.SessionId, update.UserId, update.MovieId, update.PositionSeconds, update.EventTime);
            events.Add(EventPublisher.ToOutgoing(progress, StreamEvent.ProgressTopic, traceParent: null));
            entryIndexOfEvent.Add(i);
        }

        var acknowledged = events.Count == 0 ? 0 : await publisher.PublishAsync(events, stoppingToken);
        metrics.Published(acknowledged);
        return acknowledged == events.Count ? entries.Count : entryIndexOfEvent[acknowledged];
    }
}
