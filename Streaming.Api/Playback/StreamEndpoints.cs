using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Abuse;
using Streaming.Api.Auth;
using Streaming.Api.Dependencies;
using Streaming.Api.Http;
using Streaming.Api.OpenApi;
using Streaming.Api.Progress;
using Streaming.Api.Sessions;
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
            .WithDescription("Checks the token and the subscription, opens a stream session, publishes stream.start and answers with a signed manifest URL valid for at least expires_in seconds (SIGNED_URL_EXPIRATION) and at most one signing bucket (SIGNED_URL_BUCKET) longer; every manifest and segment URL reached from it expires with it. It leads to the API's manifest route, which serves the manifest with every segment URL presigned for the public S3 endpoint. 409 \"Too many streams\" when the user already has as many live sessions as the plan's max_streams, listing them in live_sessions (session_id, movie_id, started_at, user_agent); a session is live while it shows a sign of life (its start, a progress report) within SESSION_IDLE_TIMEOUT. 429 with Retry-After beyond START_RATE_LIMIT starts per window.")
            .Accepts<StartStreamRequest>("application/json")
            .ProducesProblemResponse(StatusCodes.Status403Forbidden, "No active subscription.")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "Manifest not found.")
            .ProducesProblemResponse(StatusCodes.Status409Conflict, "Too many streams: as many live sessions as the plan allows; live_sessions lists them (session_id, movie_id, started_at, user_agent).")
            .ProducesProblemResponse(StatusCodes.Status429TooManyRequests, "More than START_RATE_LIMIT starts from this user in the window; see Retry-After.");

        stream.MapPost("/{movie_id}/stop", StopAsync)
            .WithName("StopStream")
            .WithSummary("Stop streaming a title")
            .WithDescription("Records the final position (clamped to the title's duration), closes the open stream session (ended_at, duration_seconds) and publishes stream.stop with reason \"stopped\". With session_id, closes exactly that session: 404 when it is not the caller's open session of the title. Repeating it changes nothing. 404 for a title that does not exist; 429 with Retry-After beyond STOP_RATE_LIMIT stops per window.")
            .Accepts<StopStreamRequest>("application/json")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "The title does not exist, or session_id is not the caller's open session of it.")
            .ProducesProblemResponse(StatusCodes.Status429TooManyRequests, "More than STOP_RATE_LIMIT stops from this user in the window; see Retry-After.");

        return stream;
    }

    private static async Task<Results<Ok<StartStreamResponse>, ProblemHttpResult>> StartAsync(
        string movie_id, HttpRequest request, ClaimsPrincipal user, [AsParameters] StreamServices services, CancellationToken cancellationToken)
    {
        var (movieId, start, invalid) = await MovieId.ReadWithRequestAsync<StartStreamRequest>(movie_id, request, cancellationToken);
        if (start is null)
        {
            return invalid!;
        }
        var userId = user.UserId()!.Value;

        return await services.Limiter.LimitAsync(userId, UserAction.Start, request.HttpContext.Response, services.Logger, () =>
            StartCheckedAsync(movieId, start.ManifestType, userId, request, services, cancellationToken));
    }

    private static async Task<Results<Ok<StartStreamResponse>, ProblemHttpResult>> StartCheckedAsync(
        Guid movieId, string manifestType, Guid userId, HttpRequest request, StreamServices services, CancellationToken cancellationToken)
    {
        var (_, sessions, progress, signature, signing, publicBaseUrl, time, _, titles, durations, logger) = services;
        var subscription = await services.Subscriptions.CheckAsync(userId, cancellationToken);
        switch (subscription.Status)
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
            // Learned once per title (then cached), so that progress can be clamped and called finished.
            await durations.GetAsync(movieId, cancellationToken);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.ObjectStorage, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.ObjectStorage, ex, "The title's manifest could not be checked.");
        }

        try
        {
            var (session, live) = await sessions.StartAsync(userId, movieId,
                request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
                request.HttpContext.Connection.RemoteIpAddress?.ToString(), subscription.MaxStreams, cancellationToken);
            if (session is null)
            {
                return StreamLimitProblem.For(subscription.MaxStreams!.Value, live);
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
        string movie_id, HttpRequest request, ClaimsPrincipal user, [AsParameters] StreamServices services, CancellationToken cancellationToken)
    {
        var (movieId, stop, invalid) = await MovieId.ReadWithRequestAsync<StopStreamRequest>(movie_id, request, cancellationToken);
        if (stop is null)
        {
            return invalid!;
        }
        var userId = user.UserId()!.Value;

        return await services.Limiter.LimitAsync(userId, UserAction.Stop, request.HttpContext.Response, services.Logger, () =>
            StopCheckedAsync(movieId, stop.PositionSeconds, stop.SessionId, userId, request, services, cancellationToken));
    }

    private static async Task<Results<Ok<StopStreamResponse>, ProblemHttpResult>> StopCheckedAsync(
        Guid movieId, int position, Guid? sessionId, Guid userId, HttpRequest request, StreamServices services, CancellationToken cancellationToken)
    {
        var (_, sessions, progress, _, _, _, time, _, titles, durations, _) = services;
        try
        {
            if (!await titles.ExistsAsync(movieId, cancellationToken))
            {
                return TitleProblems.NotFound(movieId);
            }
            position = ViewingThresholds.Clamp(position, await durations.GetAsync(movieId, cancellationToken));
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.ObjectStorage, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.ObjectStorage, ex, "The stop was not recorded: the title could not be checked.", "Repeat the stop shortly.");
        }

        try
        {
            // Nothing is recorded for a session that is not the caller's open one.
            if (sessionId is { } id && !await sessions.IsOpenAsync(userId, movieId, id, cancellationToken))
            {
                return ProblemResponses.Problem(StatusCodes.Status404NotFound, "Session not found",
                    $"Session {id} is not one of your open sessions of movie {movieId}: it was stopped, closed as idle, or belongs to another title.");
            }
            var at = time.GetUtcNow();
            // The final position goes through the same path as any update, under the stop's own limit only, and
            // reaches PostgreSQL at once whatever the persist interval.
            await progress.WriteAsync(userId, movieId, position, at, ProgressLimits.None, persistNow: true, sessionId);
            await sessions.StopAsync(userId, movieId, position, at.UtcDateTime, sessionId, cancellationToken);
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
