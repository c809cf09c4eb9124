using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Core.Events;

namespace Streaming.Api.Sessions;

/// <summary>The 409 of a start beyond the plan's stream limit: the live sessions, so a player can offer to stop one.</summary>
public static class StreamLimitProblem
{
    public const string SessionsMember = "live_sessions";

    public static ProblemHttpResult For(int maxStreams, IReadOnlyList<LiveSession> live) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Too many streams",
            detail: $"This account's plan allows {maxStreams} stream{(maxStreams == 1 ? "" : "s")} at once and {live.Count} {(live.Count == 1 ? "is" : "are")} playing. " +
                    "Stop one (POST /api/v1/stream/{movie_id}/stop with its session_id) before starting another.",
            extensions: new Dictionary<string, object?>
            {
                [SessionsMember] = live.Select(session => new Dictionary<string, object?>
                {
                    ["session_id"] = session.SessionId,
                    ["movie_id"] = session.MovieId,
                    ["started_at"] = StreamEvent.FormatTimestamp(session.StartedAt),
                    ["user_agent"] = session.UserAgent,
                    ["device_id"] = session.DeviceId,
                }).ToList(),
            });
}
