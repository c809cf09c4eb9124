using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Auth;
using Streaming.Api.Dependencies;
using Streaming.Api.Http;
using Streaming.Api.OpenApi;

namespace Streaming.Api.ContinueWatching;

public static class ContinueWatchingEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapContinueWatchingEndpoints(this RouteGroupBuilder me)
    {
        me.MapGet("/continue-watching", ListAsync)
            .WithName("ContinueWatching")
            .WithSummary("Titles to continue watching, most recently watched first")
            .WithDescription($"The caller's titles started (past PROGRESS_STARTED_RATIO of their duration) and not finished (below PROGRESS_COMPLETED_RATIO), newest first, from PostgreSQL. limit: 1 to {MaxLimit} (default {DefaultLimit}); cursor: the next_cursor of the previous page. A stop shows at once; other progress once the worker has persisted it.");

        me.MapDelete("/continue-watching/{movie_id}", RemoveAsync)
            .WithName("RemoveFromContinueWatching")
            .WithSummary("Remove a title from continue watching")
            .WithDescription("Hides the title until it is watched again (newer progress brings it back). Its progress is kept. 404 when the caller never watched it.")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "The caller never watched the title.");
        return me;
    }

    private static async Task<Results<Ok<ContinueWatchingPage>, ProblemHttpResult>> ListAsync(
        HttpContext context, ClaimsPrincipal user, [AsParameters] ContinueWatchingServices services, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"'limit' must be between 1 and {MaxLimit} (got {limit})."];
        }
        ContinueWatchingCursor? after = null;
        if (cursor is not null)
        {
            if (ContinueWatchingCursor.TryDecode(cursor, out var decoded))
            {
                after = decoded;
            }
            else
            {
                errors["cursor"] = ["'cursor' is not a next_cursor this API gave; start again without it."];
            }
        }
        if (errors.Count > 0)
        {
            return ProblemResponses.Validation(errors);
        }
        try
        {
            return TypedResults.Ok(await services.Query.ReadAsync(user.UserId()!.Value, limit ?? DefaultLimit, after, cancellationToken));
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Database, context))
        {
            return DependencyFailures.Unavailable(context, Dependency.Database, ex, "Continue watching could not be read.");
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string movie_id, HttpContext context, ClaimsPrincipal user, [AsParameters] ContinueWatchingServices services, CancellationToken cancellationToken)
    {
        if (!MovieId.TryParse(movie_id, out var movieId, out var invalidId))
        {
            return invalidId!;
        }
        try
        {
            return await services.Removal.HideAsync(user.UserId()!.Value, movieId, cancellationToken)
                ? TypedResults.NoContent()
                : ProblemResponses.Problem(StatusCodes.Status404NotFound, "Progress not found", $"No progress recorded for movie {movieId}: it is not in continue watching.");
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Database, context))
        {
            return DependencyFailures.Unavailable(context, Dependency.Database, ex, "The title was not removed.");
        }
    }
}
