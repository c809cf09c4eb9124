using System.Collections.Concurrent;
using System.Diagnostics;

namespace Streaming.FaultSuite;

public enum RequestKind
{
    Start,
    /// <summary>The manifest_url a start answered, fetched without credentials as a player does.</summary>
    Manifest,
    /// <summary>The title's segment, through the edge, fetched with each progress report as a playing player does.</summary>
    Segment,
    Progress,
    Stop,
}

/// <summary>
/// One request as the client saw it: when it was sent, its answer (0 = no answer), how long it took, and for a failed
/// one why (the problem's title, or the exception of a request without an answer).
/// </summary>
public readonly record struct RequestRecord(RequestKind Kind, TimeSpan SentAt, int Status, TimeSpan Latency, string? Reason);

/// <summary>Everything the load accepted, to be compared with what PostgreSQL and Kafka hold afterwards.</summary>
public sealed class Ledger
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ConcurrentQueue<RequestRecord> Requests { get; } = new();

    /// <summary>Accepted positions per user and title, with the time they were sent.</summary>
    public ConcurrentQueue<(Guid User, Guid Movie, int Position, TimeSpan SentAt)> AcceptedProgress { get; } = new();

    public ConcurrentQueue<(Guid Session, TimeSpan SentAt)> StartedSessions { get; } = new();

    public ConcurrentQueue<(Guid Session, TimeSpan SentAt)> StoppedSessions { get; } = new();

    public TimeSpan Now => _clock.Elapsed;

    public void Record(RequestKind kind, TimeSpan sentAt, int status, string? reason = null) =>
        Requests.Enqueue(new RequestRecord(kind, sentAt, status, Now - sentAt, reason));

    /// <summary>A position the API accepted, as it keeps it (within the title's duration).</summary>
    public void Accept(Guid user, Guid movie, int position, TimeSpan sentAt) => AcceptedProgress.Enqueue((user, movie, position, sentAt));
}
