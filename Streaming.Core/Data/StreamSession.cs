namespace Streaming.Core.Data;

/// <summary>One playback of a title, from start to stop, kept for analytics.</summary>
public sealed class StreamSession
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid MovieId { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public int? DurationSeconds { get; set; }

    /// <summary>The last sign of life: the start, then the newest progress report the worker persisted.</summary>
    public DateTime LastSeenAt { get; set; }
    public string? UserAgent { get; set; }
    public string? IpAddress { get; set; }

    /// <summary>The player's own device id given at the start (a new start from it replaces this session).</summary>
    public string? DeviceId { get; set; }

    /// <summary>Why it ended (<see cref="Sessions.SessionEndReasons"/>), once ended.</summary>
    public string? EndReason { get; set; }
}
