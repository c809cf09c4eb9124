using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Core.Sessions;

namespace Streaming.Api.Sessions;

/// <summary>
/// The 409 of a progress report or a stop naming a session that was revoked: <c>reason</c> (one of
/// <see cref="SessionEndReasons"/>) and a detail a player can show as it is.
/// </summary>
public static class SessionEndedProblem
{
    public const string ReasonMember = "reason";

    public static ProblemHttpResult For(Guid sessionId, string reason)
    {
        reason = SessionEndReasons.Normalise(reason);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Stream session ended",
            detail: SessionEndReasons.Describe(reason),
            extensions: new Dictionary<string, object?>
            {
                [ReasonMember] = reason,
                ["session_id"] = sessionId,
            });
    }
}
