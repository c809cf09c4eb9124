using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Events;
using Streaming.Core.Kafka;
using Streaming.Core.Progress;
using Streaming.ProgressWorker.Buffer;

namespace Streaming.ProgressWorker.Events;

/// <summary>
/// Publishes a <c>stream.progress</c> event per buffered update, through its own consumer group: every replica runs
/// one consumer per shard, and Redis spreads each shard's entries among the replicas (no lease, no leader). Flush
/// entries (no event id) publish nothing and are acknowledged as they are.
/// <para>
/// Order. One consumer publishes its entries in stream order and acknowledges up to the first failure; the rest are
/// retried before anything newer, and a batch leaves only once no older entry of its shard is pending with another
/// replica (<see cref="BufferConsumer"/> with keepShardOrder), so a user's updates (all in one shard) reach the topic
/// in order. Only a redelivery comes late: a consumer that died after Kafka acknowledged a batch but before it
/// acknowledged the entries, or whose entries were taken over after <see cref="ProgressWorkerOptions.ClaimIdleTime"/>
/// while it was slow. Consumers therefore keep, per user and title, the event with the newest <c>timestamp</c>, and
/// deduplicate by <c>event_id</c> (a redelivery carries the same one).
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
            new BufferConsumer(redis, shard.StreamKey, ProgressBuffer.EventsGroup, options.Value, logger, keepShardOrder: true).RunAsync(PublishAsync, stoppingToken)));

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
