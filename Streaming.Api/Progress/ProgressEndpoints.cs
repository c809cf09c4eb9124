using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Abuse;
using Streaming.Api.Auth;
using Streaming.Api.Dependencies;
using Streaming.Api.Http;
using Streaming.Api.OpenApi;
using Streaming.Api.Sessions;
using Streaming.Api.Titles;
using Streaming.Core.Events;

namespace Streaming.Api.Progress;

public static class ProgressEndpoints
{
    public static RouteGroupBuilder MapProgressEndpoints(this RouteGroupBuilder stream)
    {
        stream.MapPost("/{movie_id}/progress", UpdateAsync)
            .WithName("UpdateProgress")
            .WithSummary("Report the playback position (every 10 seconds)")
            .WithDescription("Stores the position in Redis and queues it for PostgreSQL and the stream.progress event. A position beyond the title's duration is clamped to it. An update older than the recorded one (by timestamp) changes nothing. session_id (optional) names the stream session the update belongs to; 409 with a reason member (stopped, stopped_elsewhere, idle_timeout, replaced, subscription_ended) and a detail a player can show when that session was revoked: the player must stop playing. 404 for a title that does not exist. Too many updates for one title, or from one user across all titles, answer 429 with Retry-After.")
            .Accepts<UpdateProgressRequest>("application/json")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "The title does not exist.")
            .ProducesProblemResponse(StatusCodes.Status409Conflict, "The named session_id was revoked; reason says why (stopped, stopped_elsewhere, idle_timeout, replaced, subscription_ended) and detail can be shown to the viewer.")
            .ProducesProblemResponse(StatusCodes.Status429TooManyRequests, "Progress reported too often for this title, or by this user across all titles; see Retry-After.");

        stream.MapGet("/{movie_id}/progress", GetAsync)
            .WithName("GetProgress")
            .WithSummary("Get the saved playback position")
            .WithDescription("From Redis, falling back to PostgreSQL, with the title's duration_seconds, completed (the position reached PROGRESS_COMPLETED_RATIO of it) and resume_position_seconds (0 for a finished title, or one not yet past PROGRESS_STARTED_RATIO). 404 when the user never watched the title.")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "The user never watched the title.");

        return stream;
    }

    private static async Task<Results<Ok<UpdateProgressResponse>, ProblemHttpResult>> UpdateAsync(
        string movie_id, HttpRequest request, HttpResponse response, ClaimsPrincipal user, [AsParameters] ProgressServices services, CancellationToken cancellationToken)
    {
        var (movieId, update, invalid) = await MovieId.ReadWithRequestAsync<UpdateProgressRequest>(movie_id, request, cancellationToken);
        if (update is null)
        {
            return invalid!;
        }
        var (position, timestamp, sessionId) = update;

        var userId = user.UserId()!.Value;
        var now = services.Time.GetUtcNow();
        // A clock ahead of ours must not pin progress in the future where no later update could beat it.
        var eventTime = timestamp is { } sent && sent < now ? sent : now;
        ProgressWriteResult result;
        var clamped = position;
        try
        {
            var applied = ProgressLimits.TitleAndUser;
            switch (services.Titles.Cached(movieId))
            {
                case false:
                    return TitleProblems.NotFound(movieId);
                case null:
                    // A title this replica does not know costs an S3 lookup: count the request against the user's
                    // limit before looking, so that made-up ids cost their sender, not the bucket.
                    var decision = await services.Limiter.AcquireAsync(userId, UserAction.Progress);
                    if (!decision.Allowed)
                    {
                        return TooManyRequests.ForUser(response, UserAction.Progress, services.Limiter.LimitOf(UserAction.Progress), decision.RetryAfter);
                    }
                    if (!await services.Titles.ExistsAsync(movieId, cancellationToken))
                    {
                        return TitleProblems.NotFound(movieId);
                    }
                    applied = ProgressLimits.TitleOnly;
                    break;
            }
            clamped = ViewingThresholds.Clamp(position, await services.Durations.GetAsync(movieId, cancellationToken));
            result = await services.Writer.WriteAsync(userId, movieId, clamped, eventTime, applied, persistNow: false, sessionId);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.Redis, ex, "The position could not be saved.", "Send it again shortly.");
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.ObjectStorage, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.ObjectStorage, ex, "The position could not be saved: the title could not be checked.", "Send it again shortly.");
        }

        switch (result.Outcome)
        {
            case ProgressWriteOutcome.UserRateLimited:
                return TooManyRequests.ForUser(response, UserAction.Progress, services.Limiter.LimitOf(UserAction.Progress), result.RetryAfter);
            case ProgressWriteOutcome.RateLimited:
                return TooManyRequests.Problem(response, result.RetryAfter, "Too many progress updates",
                    "Progress for this title is reported too often; players should report every 10 seconds.");
            case ProgressWriteOutcome.SessionEnded:
                return SessionEndedProblem.For(sessionId!.Value, result.EndReason!);
            case ProgressWriteOutcome.Stale:
                return TypedResults.Ok(new UpdateProgressResponse(true, clamped, "Newer progress is already recorded; this update was ignored"));
            default:
                return TypedResults.Ok(new UpdateProgressResponse(true, clamped, "Progress updated successfully"));
        }
    }

    private static async Task<Results<Ok<ProgressResponse>, ProblemHttpResult>> GetAsync(
        string movie_id, HttpContext context, ClaimsPrincipal user, ProgressReader reader, [AsParameters] ProgressServices services,
        CancellationToken cancellationToken)
    {
        if (!MovieId.TryParse(movie_id, out var movieId, out var invalidId))
        {
            return invalidId!;
        }
        var userId = user.UserId()!.Value;
        ProgressSnapshot? progress;
        try
        {
            progress = await reader.ReadAsync(userId, movieId, cancellationToken);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Database, context))
        {
            // The hot copy had nothing (or Redis is down too), so only the database could have answered.
            return DependencyFailures.Unavailable(context, Dependency.Database, ex, "No recent position is in the progress cache.");
        }
        if (progress is null)
        {
            return ProblemResponses.Problem(StatusCodes.Status404NotFound, "Progress not found", $"No progress recorded for movie {movieId}.");
        }
        int? duration = null;
        try
        {
            duration = await services.Durations.GetAsync(movieId, cancellationToken);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.ObjectStorage, context))
        {
            // The position is what the player needs most; without the duration it resumes where it was.
            services.Logger.LogWarning(ex, "The duration of {MovieId} is unknown for now", movieId);
        }
        var position = ViewingThresholds.Clamp(progress.PositionSeconds, duration);
        return TypedResults.Ok(new ProgressResponse(userId, movieId, position, StreamEvent.FormatTimestamp(progress.LastWatchedAt),
            duration, services.Thresholds.Completed(position, duration), services.Thresholds.ResumePosition(position, duration)));
    }
}
