namespace Streaming.Core.Data;

/// <summary>
/// An event stored in the same transaction as the change that caused it, relayed to Kafka afterwards,
/// so a crash or a Kafka outage between the two can never lose it.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Drawn at INSERT; with <see cref="TransactionId"/> it orders one user's events.</summary>
    public long Sequence { get; set; }
    public Guid EventId { get; set; }
    public required string Topic { get; set; }
    public required string Key { get; set; }
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>W3C traceparent of the request that caused the event, so the produce span links to it.</summary>
    public string? TraceParent { get; set; }
    /// <summary>
    /// The writing transaction's id (<c>xid8</c>, set by PostgreSQL, never by the application). The relay uses it
    /// because sequences are drawn at INSERT, not at commit: see <c>OutboxRelayService</c>.
    /// </summary>
    public ulong TransactionId { get; private set; }
}
