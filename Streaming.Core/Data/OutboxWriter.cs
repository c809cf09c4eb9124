using System.Diagnostics;
using Streaming.Core.Events;
using Streaming.Core.Kafka;

namespace Streaming.Core.Data;

/// <summary>
/// The one way an event enters <c>event_outbox</c>: added to the caller's unit of work, so it commits in the caller's
/// transaction together with the change that caused it (the API's session writes, the worker's idle reaper), and the
/// relay publishes it afterwards. With <c>ENABLE_KAFKA=false</c> nothing is published, so nothing is queued either.
/// </summary>
// EF rather than Npgsql: the row rides in the batch the caller's SaveChanges already sends with its change, one round trip for the API's single row and the reaper's whole batch alike.
public sealed class OutboxWriter(StreamingDbContext db, KafkaOptions kafka)
{
    public void Enqueue(StreamEvent streamEvent, string topic, DateTime now)
    {
        if (kafka.Enabled)
        {
            db.Outbox.Add(ToRow(streamEvent, topic, now));
        }
    }

    /// <summary>The row of an event: its key, its JSON and the trace of the work that caused it (when there is one).</summary>
    public static OutboxMessage ToRow(StreamEvent streamEvent, string topic, DateTime now) => new()
    {
        EventId = streamEvent.EventId,
        Topic = topic,
        Key = streamEvent.Key,
        Payload = streamEvent.ToJson(),
        CreatedAt = now,
        TraceParent = Activity.Current?.Id,
    };
}
