namespace Streaming.Core.Data;

/// <summary>
/// An event stored in the same transaction as the change that caused it, relayed to Kafka afterwards,
/// so a crash or a Kafka outage between the two can never lose it.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Relay order: one user's events leave in the order they were written.</summary>
    public long Sequence { get; set; }
    public Guid EventId { get; set; }
    public required string Topic { get; set; }
    public required string Key { get; set; }
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>W3C traceparent of the request that caused the event, so the produce span links to it.</summary>
    public string? TraceParent { get; set; }
}
