using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Abuse;
using Streaming.Api.Auth;
using Streaming.Api.Dependencies;
using Streaming.Api.Http;
using Streaming.Api.OpenApi;
using Streaming.Api.Progress;
using Streaming.Api.Sessions;
using Streaming.Api.Storage;
using Streaming.Api.Subscriptions;
using Streaming.Api.Titles;

namespace Streaming.Api.Playback;

public static class StreamEndpoints
{
    public static RouteGroupBuilder MapStreamEndpoints(this RouteGroupBuilder stream)
    {
        stream.MapPost("/{movie_id}", StartAsync)
            .WithName("StartStream")
            .WithSummary("Start streaming a title")
            .WithDescription("Checks the token and the subscription, opens a stream session, publishes stream.start and answers with a signed manifest URL valid for at least expires_in seconds (SIGNED_URL_EXPIRATION) and at most one signing bucket (SIGNED_URL_BUCKET) longer; every manifest and segment URL reached from it expires with it. It leads to the API's manifest route, which serves the manifest with every segment URL presigned for the public S3 endpoint. 409 when the user already has MAX_OPEN_SESSIONS_PER_USER open sessions; 429 with Retry-After beyond START_RATE_LIMIT starts per window.")
            .Accepts<StartStreamRequest>("application/json")
            .ProducesProblemResponse(StatusCodes.Status403Forbidden, "No active subscription.")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "Manifest not found.")
            .ProducesProblemResponse(StatusCodes.Status409Conflict, "The user already has MAX_OPEN_SESSIONS_PER_USER open streams; stop one first.")
            .ProducesProblemResponse(StatusCodes.Status429TooManyRequests, "More than START_RATE_LIMIT starts from this user in the window; see Retry-After.");

        stream.MapPost("/{movie_id}/stop", StopAsync)
            .WithName("StopStream")
            .WithSummary("Stop streaming a title")
            .WithDescription("Records the final position, closes the open stream session (ended_at, duration_seconds) and publishes stream.stop. Repeating it changes nothing. 404 for a title that does not exist; 429 with Retry-After beyond STOP_RATE_LIMIT stops per window.")
            .Accepts<StopStreamRequest>("application/json")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "The title does not exist.")
            .ProducesProblemResponse(StatusCodes.Status429TooManyRequests, "More than STOP_RATE_LIMIT stops from this user in the window; see Retry-After.");

        return stream;
    }

    private static async Task<Results<Ok<StartStreamResponse>, ProblemHttpResult>> StartAsync(
        string movie_id, HttpRequest request, ClaimsPrincipal user,
        SubscriptionChecker subscriptions, StreamSessionStore sessions, ProgressWriter progress,
        ManifestUrlSigner signature, PlaybackSigningOptions signing, PublicBaseUrl publicBaseUrl, TimeProvider time,
        UserRateLimiter limiter, AbuseLimits limits, TitleCatalog titles,
        ILogger<StreamSessionStore> logger, CancellationToken cancellationToken)
    {
        var (movieId, body, invalid) = await MovieId.ReadWithBodyAsync(movie_id, request, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (StartStreamRequest.Read(body!) is not { ManifestType: var manifestType })
        {
            return body!.Problem();
        }
        var userId = user.UserId()!.Value;

        return await limiter.LimitAsync(userId, UserAction.Start, request.HttpContext.Response, logger, () =>
            StartCheckedAsync(movieId, manifestType, userId, request, subscriptions, sessions, progress,
                signature, signing, publicBaseUrl, time, limits, titles, logger, cancellationToken));
    }

    private static async Task<Results<Ok<StartStreamResponse>, ProblemHttpResult>> StartCheckedAsync(
        Guid movieId, string manifestType, Guid userId, HttpRequest request,
        SubscriptionChecker subscriptions, StreamSessionStore sessions, ProgressWriter progress,
        ManifestUrlSigner signature, PlaybackSigningOptions signing, PublicBaseUrl publicBaseUrl, TimeProvider time, AbuseLimits limits, TitleCatalog titles,
        ILogger logger, CancellationToken cancellationToken)
    {
        switch (await subscriptions.CheckAsync(userId, cancellationToken))
        {
            case SubscriptionStatus.Inactive:
                return ProblemResponses.Problem(StatusCodes.Status403Forbidden, "No active subscription",
                    "No active subscription: this account cannot stream until its subscription is renewed.");
            case SubscriptionStatus.Unknown:
                return ProblemResponses.Problem(StatusCodes.Status503ServiceUnavailable, "Subscription check unavailable",
                    "The subscription could not be verified because the user service is unavailable. Try again shortly.");
        }

        var manifestPath = ManifestTypes.FileName(manifestType);
        var manifestKey = ManifestTypes.Key(movieId, manifestType);
        try
        {
            if (!await titles.ManifestExistsAsync(movieId, manifestType, cancellationToken))
            {
                return ProblemResponses.Problem(StatusCodes.Status404NotFound, "Manifest not found",
                    $"Manifest not found: there is no {manifestType.ToUpperInvariant()} manifest for movie {movieId} ({manifestKey}).");
            }
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.ObjectStorage, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.ObjectStorage, ex, "The title's manifest could not be checked.");
        }

        try
        {
            // A session older than the longest a start's link lives cannot be playing: it no longer takes a place.
            var countedSince = time.GetUtcNow().UtcDateTime - (signing.Lifetime + signing.Bucket);
            var session = await sessions.StartAsync(userId, movieId,
                request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
                request.HttpContext.Connection.RemoteIpAddress?.ToString(), limits.MaxOpenSessions, countedSince, cancellationToken);
            if (session is null)
            {
                return ProblemResponses.Problem(StatusCodes.Status409Conflict, "Too many open streams",
                    $"This account already has {limits.MaxOpenSessions} open streams. Stop one (POST /api/v1/stream/{{movie_id}}/stop) before starting another.");
            }
            await TrySetCurrentSessionAsync(progress, userId, movieId, session.Id, logger);

            var now = time.GetUtcNow();
            var window = SignatureWindow.Containing(now, signing.Bucket, signing.Lifetime);
            var manifestUrl = publicBaseUrl.For(request) + SignedManifestEndpoints.SignedPath(movieId, manifestPath, window, signature);
            // expires_in is the contract's promise (SIGNED_URL_EXPIRATION): the shared signature window keeps the URL,
            // and every link reached from it, valid at least that long and at most one bucket longer.
            return TypedResults.Ok(new StartStreamResponse(manifestUrl, (int)signing.Lifetime.TotalSeconds, manifestType, session.Id));
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Database, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.Database, ex, "The stream session could not be recorded.");
        }
    }

    private static async Task<Results<Ok<StopStreamResponse>, ProblemHttpResult>> StopAsync(
        string movie_id, HttpRequest request, ClaimsPrincipal user,
        StreamSessionStore sessions, ProgressWriter progress, TimeProvider time,
        UserRateLimiter limiter, TitleCatalog titles, ILogger<StreamSessionStore> logger, CancellationToken cancellationToken)
    {
        var (movieId, body, invalid) = await MovieId.ReadWithBodyAsync(movie_id, request, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (StopStreamRequest.Read(body!) is not { PositionSeconds: var position })
        {
            return body!.Problem();
        }
        var userId = user.UserId()!.Value;

        return await limiter.LimitAsync(userId, UserAction.Stop, request.HttpContext.Response, logger, () =>
            StopCheckedAsync(movieId, position, userId, request, sessions, progress, time, titles, cancellationToken));
    }

    private static async Task<Results<Ok<StopStreamResponse>, ProblemHttpResult>> StopCheckedAsync(
        Guid movieId, int position, Guid userId, HttpRequest request,
        StreamSessionStore sessions, ProgressWriter progress, TimeProvider time, TitleCatalog titles, CancellationToken cancellationToken)
    {
        try
        {
            if (!await titles.ExistsAsync(movieId, cancellationToken))
            {
                return TitleProblems.NotFound(movieId);
            }
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.ObjectStorage, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.ObjectStorage, ex, "The stop was not recorded: the title could not be checked.", "Repeat the stop shortly.");
        }

        try
        {
            // The final position goes through the same path as any update, under the stop's own limit only.
            await progress.WriteAsync(userId, movieId, position, time.GetUtcNow(), ProgressLimits.None);
            await sessions.StopAsync(userId, movieId, position, cancellationToken);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.Redis, ex, "The final position could not be recorded.");
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Database, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.Database, ex,
                "The final position is saved but the session could not be closed.", "Repeat the stop shortly.");
        }
        return TypedResults.Ok(new StopStreamResponse(true, "Stream stopped successfully"));
    }

    private static async Task TrySetCurrentSessionAsync(ProgressWriter progress, Guid userId, Guid movieId, Guid sessionId, ILogger logger)
    {
        try
        {
            await progress.SetCurrentSessionAsync(userId, movieId, sessionId);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            // Only the session_id of progress events is lost; playback itself is unaffected.
            logger.LogWarning(ex, "Could not mark the current session {SessionId}", sessionId);
        }
    }
}
