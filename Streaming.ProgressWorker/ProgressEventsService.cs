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
/// </summary>
public sealed class ProgressEventsService(
    IConnectionMultiplexer redis,
    EventPublisher publisher,
    ProgressWorkerMetrics metrics,
    IOptions<ProgressWorkerOptions> options,
    ILogger<ProgressEventsService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new BufferConsumer(redis, ProgressBuffer.EventsGroup, options.Value, logger).RunAsync(PublishAsync, stoppingToken);

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
