namespace Streaming.Api.Sessions;

/// <summary>A session that still counts against the plan's stream limit (see <see cref="StreamLimitProblem"/>).</summary>
public sealed record LiveSession(Guid SessionId, Guid MovieId, DateTime StartedAt, string? UserAgent, string? DeviceId);

/// <summary>The opened session, or the live sessions that left no room for it.</summary>
public sealed record StartResult(Core.Data.StreamSession? Session, IReadOnlyList<LiveSession> LiveSessions);

/// <summary>What a stop or a progress report needs to know of a session it names.</summary>
public sealed record SessionState(Guid Id, string? DeviceId, DateTime? EndedAt, string? EndReason);

public enum StopOutcome
{
    Closed,
    /// <summary>No open session for the title (a repeated stop): nothing changed, no second event.</summary>
    NothingOpen,
}
