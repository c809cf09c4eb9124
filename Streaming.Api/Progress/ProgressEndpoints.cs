using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Auth;
using Streaming.Api.Dependencies;
using Streaming.Api.Errors;
using Streaming.Core.Events;

namespace Streaming.Api.Progress;

public static class ProgressEndpoints
{
    public static RouteGroupBuilder MapProgressEndpoints(this RouteGroupBuilder stream)
    {
        stream.MapPost("/{movie_id}/progress", UpdateAsync)
            .WithName("UpdateProgress")
            .WithSummary("Report the playback position (every 10 seconds)")
            .WithDescription("Stores the position in Redis and queues it for PostgreSQL and the stream.progress event. An update older than the recorded one (by timestamp) changes nothing. Too many updates for one title answer 429 with Retry-After.")
            .Accepts<UpdateProgressRequest>("application/json");

        stream.MapGet("/{movie_id}/progress", GetAsync)
            .WithName("GetProgress")
            .WithSummary("Get the saved playback position")
            .WithDescription("From Redis, falling back to PostgreSQL. 404 when the user never watched the title.");

        return stream;
    }

    private static async Task<Results<Ok<UpdateProgressResponse>, ProblemHttpResult>> UpdateAsync(
        string movie_id, HttpRequest request, HttpResponse response, ClaimsPrincipal user,
        ProgressWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var (movieId, body, invalid) = await MovieId.ReadWithBodyAsync(movie_id, request, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        var position = body!.RequiredInteger("position_seconds", 0, ProgressOptions.MaxPositionSeconds);
        var timestamp = body.OptionalTimestamp("timestamp");
        if (body.HasErrors)
        {
            return body.Problem();
        }

        var now = time.GetUtcNow();
        // A clock ahead of ours must not pin progress in the future where no later update could beat it.
        var eventTime = timestamp is { } sent && sent < now ? sent : now;
        ProgressWriteResult result;
        try
        {
            result = await writer.WriteAsync(user.UserId()!.Value, movieId, position!.Value, eventTime, rateLimited: true);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.Redis, ex, "The position could not be saved.", "Send it again shortly.");
        }

        switch (result.Outcome)
        {
            case ProgressWriteOutcome.RateLimited:
                var retryAfter = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return ProblemResponses.Problem(StatusCodes.Status429TooManyRequests, "Too many progress updates",
                    $"Progress for this title is reported too often; players should report every 10 seconds. Retry after {retryAfter} s.");
            case ProgressWriteOutcome.Stale:
                return TypedResults.Ok(new UpdateProgressResponse(true, position!.Value, "Newer progress is already recorded; this update was ignored"));
            default:
                return TypedResults.Ok(new UpdateProgressResponse(true, position!.Value, "Progress updated successfully"));
        }
    }

    private static async Task<Results<Ok<ProgressResponse>, ProblemHttpResult>> GetAsync(
        string movie_id, HttpContext context, ClaimsPrincipal user, ProgressReader reader, CancellationToken cancellationToken)
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
        return progress is null
            ? ProblemResponses.Problem(StatusCodes.Status404NotFound, "Progress not found", $"No progress recorded for movie {movieId}.")
            : TypedResults.Ok(new ProgressResponse(userId, movieId, progress.PositionSeconds, StreamEvent.FormatTimestamp(progress.LastWatchedAt)));
    }
}
