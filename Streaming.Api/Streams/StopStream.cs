using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Dependencies;
using Streaming.Api.Http;
using Streaming.Api.Progress;
using Streaming.Api.Sessions;
using Streaming.Api.Titles;
using Streaming.Core.Sessions;

namespace Streaming.Api.Streams;

/// <summary>
/// The stop: final position, then the session revoked in Redis (its links stop working), then closed in PostgreSQL
/// with its stream.stop. A named session that already ended answers 409 with its end reason.
/// </summary>
internal static class StopStream
{
    public static async Task<Results<Ok<StopStreamResponse>, ProblemHttpResult>> StopCheckedAsync(
        Guid movieId, StopStreamRequest stop, Guid userId, HttpRequest request, StreamServices services, CancellationToken cancellationToken)
    {
        var position = stop.PositionSeconds;
        try
        {
            if (!await services.Titles.ExistsAsync(movieId, cancellationToken))
            {
                return TitleProblems.NotFound(movieId);
            }
            position = ViewingThresholds.Clamp(position, await services.Durations.GetAsync(movieId, cancellationToken));
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.ObjectStorage, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.ObjectStorage, ex, "The stop was not recorded: the title could not be checked.", "Repeat the stop shortly.");
        }

        var at = services.Time.GetUtcNow();
        try
        {
            var reason = SessionEndReasons.Stopped;
            if (stop.SessionId is { } id)
            {
                // Nothing is recorded for a session that is not the caller's open one.
                var named = await services.Sessions.FindAsync(userId, movieId, id, cancellationToken);
                if (named is null)
                {
                    return ProblemResponses.Problem(StatusCodes.Status404NotFound, "Session not found",
                        $"Session {id} is not one of your sessions of movie {movieId}.");
                }
                if (named.EndedAt is not null)
                {
                    return SessionEndedProblem.For(id, named.EndReason ?? SessionEndReasons.Stopped);
                }
                reason = stop.DeviceId is { } device && device != named.DeviceId ? SessionEndReasons.StoppedElsewhere : SessionEndReasons.Stopped;
            }
            // The final position goes through the same path as any update, under the stop's own limit only, and
            // reaches PostgreSQL at once whatever the persist interval; it is kept even if PostgreSQL is down now.
            var written = await services.Progress.WriteAsync(userId, movieId, position, at, ProgressLimits.None, persistNow: true, stop.SessionId);
            if (written.Outcome == ProgressWriteOutcome.SessionEnded)
            {
                return SessionEndedProblem.For(stop.SessionId!.Value, written.EndReason!);
            }
            var closing = stop.SessionId ?? await services.Sessions.NewestOpenAsync(userId, movieId, cancellationToken);
            if (closing is { } session)
            {
                // Revoke first: once the session is closed, none of its links may still play.
                await services.Revocation.RevokeAsync(userId, movieId, session, reason);
            }
            await services.Sessions.StopAsync(userId, movieId, position, at.UtcDateTime, closing, reason, cancellationToken);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.Redis, ex, "The final position could not be recorded.");
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Database, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.Database, ex,
                "The final position is saved (unless the session could not be looked up) but the session could not be closed.", "Repeat the stop shortly.");
        }
        return TypedResults.Ok(new StopStreamResponse(true, "Stream stopped successfully"));
    }
}
