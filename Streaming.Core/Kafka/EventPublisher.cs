using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Streaming.Core.Events;

namespace Streaming.Core.Kafka;

/// <summary>An event ready to leave: its topic, key, JSON and the trace of the request that caused it.</summary>
public sealed record OutgoingEvent(string Topic, string Key, Guid EventId, string Payload, string? TraceParent);

/// <summary>
/// Publishes events with an idempotent, acks=all producer. A batch is produced pipelined (no await per
/// message) and the call returns when the broker has acknowledged every message, in order. A batch goes to one
/// producer; if that producer dies of a fatal error meanwhile, its unacknowledged messages count as failed.
/// </summary>
public sealed class EventPublisher(KafkaProducerHolder producers, KafkaTelemetry telemetry)
{
    public const string EventIdHeader = "event_id";

    /// <summary>
    /// Publishes the events in order and returns how many of them, from the start, the broker acknowledged.
    /// Anything after the first failure must be retried by the caller (the outbox or the progress buffer keep it).
    /// </summary>
    public async Task<int> PublishAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken)
    {
        var generation = producers.Current;
        var deliveries = new Task<bool>[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            deliveries[i] = ProduceOne(generation, events[i]);
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, generation.Dead);
        var acknowledged = 0;
        foreach (var delivery in deliveries)
        {
            try
            {
                if (!await delivery.WaitAsync(waiting.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The producer died of a fatal error: a dead producer may never report its in-flight messages.
                break;
            }
            acknowledged++;
        }
        return acknowledged;
    }

    private Task<bool> ProduceOne(ProducerGeneration generation, OutgoingEvent outgoing)
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
            generation.Producer.Produce(outgoing.Topic, new Message<string, string> { Key = outgoing.Key, Value = outgoing.Payload, Headers = headers }, report =>
            {
                var ok = report.Error.Code == ErrorCode.NoError;
                if (ok)
                {
                    producers.Delivered(generation);
                }
                (ok ? telemetry.Produced : telemetry.Failed).Add(1, new KeyValuePair<string, object?>("topic", outgoing.Topic));
                activity?.SetStatus(ok ? ActivityStatusCode.Ok : ActivityStatusCode.Error, ok ? null : report.Error.Reason);
                activity?.Dispose();
                delivered.TrySetResult(ok);
            });
        }
        catch (Exception ex) when (ex is KafkaException or ObjectDisposedException)
        {
            // A ProduceException (queue full, fatal state), or a producer replaced and disposed after a fatal error.
            telemetry.Failed.Add(1, new KeyValuePair<string, object?>("topic", outgoing.Topic));
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.Dispose();
            delivered.TrySetResult(false);
        }
        return delivered.Task;
    }

    public static OutgoingEvent ToOutgoing(StreamEvent streamEvent, string topic, string? traceParent) =>
        new(topic, streamEvent.Key, streamEvent.EventId, streamEvent.ToJson(), traceParent);
}
