using StackExchange.Redis;
using Microsoft.Extensions.Options;
using Streaming.Core.Events;
using Streaming.Core.Kafka;
using Streaming.Core.Progress;
using Streaming.ProgressWorker.Buffer;
using Streaming.ProgressWorker.Persist;

namespace Streaming.ProgressWorker.Events;

/// <summary>
/// Publishes a <c>stream.progress</c> event per buffered update, through its own consumer group: every replica runs
/// one consumer per shard, and Redis spreads each shard's entries among the replicas (no lease, no leader). Flush
/// entries (no event id) publish nothing and are acknowledged as they are.
/// <para>
/// Order. One consumer publishes its entries in stream order and acknowledges up to the first failure; the rest are
/// retried before anything newer, so one consumer never reorders its own events, and a user's updates are all in one
/// shard. A user's events can still reach the topic out of order in exactly two cases: (1) two replicas hold
/// consecutive batches of the same shard at once and the later batch is acknowledged by Kafka first; (2) a consumer
/// dies holding a batch, and another takes it over after <see cref="ProgressWorkerOptions.ClaimIdleTime"/>, when
/// newer updates of the same users may have been published. Consumers therefore keep, per user and title, the event
/// with the newest <c>timestamp</c>, and deduplicate by <c>event_id</c> (a redelivery carries the same one).
/// </para>
/// </summary>
public sealed class ProgressEventsService(
    IConnectionMultiplexer redis,
    ProgressLayout layout,
    EventPublisher publisher,
    ProgressWorkerMetrics metrics,
    IOptions<ProgressWorkerOptions> options,
    ILogger<ProgressEventsService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(layout.Shards.Select(shard =>
            new BufferConsumer(redis, shard.StreamKey, ProgressBuffer.EventsGroup, options.Value, logger).RunAsync(PublishAsync, stoppingToken)));

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
            if (update.EventId is not { } eventId)
            {
                continue;
            }
            var progress = StreamEvent.Progress(eventId, update.SessionId, update.UserId, update.MovieId, update.PositionSeconds, update.EventTime);
            events.Add(EventPublisher.ToOutgoing(progress, StreamEvent.ProgressTopic, traceParent: null));
            entryIndexOfEvent.Add(i);
        }

        var acknowledged = events.Count == 0 ? 0 : await publisher.PublishAsync(events, stoppingToken);
        metrics.Published(acknowledged);
        return acknowledged == events.Count ? entries.Count : entryIndexOfEvent[acknowledged];
    }
}
