using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Streaming.Core.Events;

namespace Streaming.Core.Kafka;

/// <summary>An event ready to leave: its topic, key, JSON and the trace of the request that caused it.</summary>
public sealed record OutgoingEvent(string Topic, string Key, Guid EventId, string Payload, string? TraceParent);

/// <summary>
/// Publishes events with an idempotent, acks=all producer. A batch is produced pipelined (no await per
/// message) and the call returns when the broker has acknowledged every message, in order.
/// </summary>
public sealed class EventPublisher(IProducer<string, string> producer, KafkaTelemetry telemetry)
{
    public const string EventIdHeader = "event_id";

    /// <summary>
    /// Publishes the events in order and returns how many of them, from the start, the broker acknowledged.
    /// Anything after the first failure must be retried by the caller (the outbox or the progress buffer keep it).
    /// </summary>
    public async Task<int> PublishAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken)
    {
        var deliveries = new Task<bool>[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            deliveries[i] = ProduceOne(events[i]);
        }

        var acknowledged = 0;
        foreach (var delivery in deliveries)
        {
            if (!await delivery.WaitAsync(cancellationToken))
            {
                break;
            }
            acknowledged++;
        }
        return acknowledged;
    }

    private Task<bool> ProduceOne(OutgoingEvent outgoing)
    {
        var parent = outgoing.TraceParent is not null && ActivityContext.TryParse(outgoing.TraceParent, null, out var context) ? context : default;
        // The span is a child of the request that caused the event, even when the relay sends it much later.
        var activity = KafkaTelemetry.ActivitySource.StartActivity($"{outgoing.Topic} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", outgoing.Topic);
        activity?.SetTag("messaging.message.id", outgoing.EventId.ToString());

        var headers = new Headers { { EventIdHeader, Encoding.UTF8.GetBytes(outgoing.EventId.ToString()) } };
        var traceParent = activity?.Id ?? outgoing.TraceParent;
        if (traceParent is not null)
        {
            headers.Add("traceparent", Encoding.UTF8.GetBytes(traceParent));
        }

        var delivered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            producer.Produce(outgoing.Topic, new Message<string, string> { Key = outgoing.Key, Value = outgoing.Payload, Headers = headers }, report =>
            {
                var ok = report.Error.Code == ErrorCode.NoError;
                (ok ? telemetry.Produced : telemetry.Failed).Add(1, new KeyValuePair<string, object?>("topic", outgoing.Topic));
                activity?.SetStatus(ok ? ActivityStatusCode.Ok : ActivityStatusCode.Error, ok ? null : report.Error.Reason);
                activity?.Dispose();
                delivered.TrySetResult(ok);
            });
        }
        catch (ProduceException<string, string> ex)
        {
            telemetry.Failed.Add(1, new KeyValuePair<string, object?>("topic", outgoing.Topic));
            activity?.SetStatus(ActivityStatusCode.Error, ex.Error.Reason);
            activity?.Dispose();
            delivered.TrySetResult(false);
        }
        return delivered.Task;
    }

    public static OutgoingEvent ToOutgoing(StreamEvent streamEvent, string topic, string? traceParent) =>
        new(topic, streamEvent.Key, streamEvent.EventId, streamEvent.ToJson(), traceParent);
}
