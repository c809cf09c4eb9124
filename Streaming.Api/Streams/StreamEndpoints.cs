using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Abuse;
using Streaming.Api.Auth;
using Streaming.Api.Dependencies;
using Streaming.Api.Http;
using Streaming.Api.Manifests;
using Streaming.Api.OpenApi;
using Streaming.Api.Playback;
using Streaming.Api.Playback.Credentials;
using Streaming.Api.Progress;
using Streaming.Api.Sessions;
using Streaming.Api.Subscriptions;

namespace Streaming.Api.Streams;

public static class StreamEndpoints
{
    public static RouteGroupBuilder MapStreamEndpoints(this RouteGroupBuilder stream)
    {
        stream.MapPost("/{movie_id}", StartAsync)
            .WithName("StartStream")
            .WithSummary("Start streaming a title")
            .WithDescription("Checks the token and the subscription, opens a stream session, publishes stream.start and answers with a manifest URL carrying a credential bound to this session, valid for at least expires_in seconds (SIGNED_URL_EXPIRATION) and at most one signing bucket (SIGNED_URL_BUCKET) longer, and only while the session is not stopped, replaced, idle or without subscription. With PLAYBACK_DELIVERY=edge it is {EDGE_PUBLIC_URL}/play/{credential}/{movie_id}/index.m3u8|index.mpd (the edge asks the API within PLAYBACK_REVOCATION_SECONDS whether the session may still play); with presigned delivery it is the API's /api/v1/playback/{credential}/{movie_id}/... route, which serves the manifest with every segment URL presigned for the public S3 endpoint. device_id (optional, at most 128 printable characters): the player's stable id of its device; a live session of the same device is closed as replaced (stream.stop reason replaced) instead of counting against the limit. 409 \"Too many streams\" when the user already has as many live sessions as the plan's max_streams, listing them in live_sessions (session_id, movie_id, started_at, user_agent, device_id); a session is live while it shows a sign of life (its start, a progress report) within SESSION_IDLE_TIMEOUT. 429 with Retry-After beyond START_RATE_LIMIT starts per window.")
            .Accepts<StartStreamRequest>("application/json")
            .ProducesProblemResponse(StatusCodes.Status403Forbidden, "No active subscription.")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "Manifest not found.")
            .ProducesProblemResponse(StatusCodes.Status409Conflict, "Too many streams: as many live sessions as the plan allows; live_sessions lists them (session_id, movie_id, started_at, user_agent, device_id).")
            .ProducesProblemResponse(StatusCodes.Status429TooManyRequests, "More than START_RATE_LIMIT starts from this user in the window; see Retry-After.")
            .WithUserRateLimit(UserAction.Start);

        stream.MapPost("/{movie_id}/stop", StopAsync)
            .WithName("StopStream")
            .WithSummary("Stop streaming a title")
            .WithDescription("Records the final position (clamped to the title's duration), revokes the session's playback credential (its links stop working within PLAYBACK_REVOCATION_SECONDS at the edge), closes the open stream session (ended_at, duration_seconds, end_reason) and publishes stream.stop with reason \"stopped\". With session_id, closes exactly that session; with a device_id other than that session's own, the reason is \"stopped_elsewhere\" (a device stopping another one's stream from the 409 list). 409 with a reason member when session_id names the caller's session that already ended (stopped, stopped_elsewhere, idle_timeout, replaced, subscription_ended); 404 when it was never the caller's session of the title. Repeating a stop without session_id changes nothing. 404 for a title that does not exist; 429 with Retry-After beyond STOP_RATE_LIMIT stops per window.")
            .Accepts<StopStreamRequest>("application/json")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "The title does not exist, or session_id was never the caller's session of it.")
            .ProducesProblemResponse(StatusCodes.Status409Conflict, "session_id names a session that already ended; reason says why.")
            .ProducesProblemResponse(StatusCodes.Status429TooManyRequests, "More than STOP_RATE_LIMIT stops from this user in the window; see Retry-After.")
            .WithUserRateLimit(UserAction.Stop);

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
        var manifestType = start.ManifestType;
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
            if (!await services.Titles.ManifestExistsAsync(movieId, manifestType, cancellationToken))
            {
                return ProblemResponses.Problem(StatusCodes.Status404NotFound, "Manifest not found",
                    $"Manifest not found: there is no {manifestType.ToUpperInvariant()} manifest for movie {movieId} ({manifestKey}).");
            }
            // Learned once per title (then cached), so that progress can be clamped and called finished.
            await services.Durations.GetAsync(movieId, cancellationToken);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.ObjectStorage, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.ObjectStorage, ex, "The title's manifest could not be checked.");
        }

        try
        {
            var (session, live) = await services.Sessions.StartAsync(userId, movieId,
                request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
                request.HttpContext.Connection.RemoteIpAddress?.ToString(), start.DeviceId, subscription.MaxStreams, cancellationToken);
            if (session is null)
            {
                return StreamLimitProblem.For(subscription.MaxStreams!.Value, live);
            }
            await TrySetCurrentSessionAsync(services.Progress, userId, movieId, session.Id, services.Logger);

            // expires_in is the contract's promise (SIGNED_URL_EXPIRATION): the shared signature window keeps the URL,
            // and every link reached from it, valid at least that long and at most one bucket longer.
            var window = SignatureWindow.Containing(services.Time.GetUtcNow(), services.Signing.Bucket, services.Signing.Lifetime);
            var credential = services.Credentials.Issue(new PlaybackCredential(session.Id, userId, movieId, window.ExpiresAtUnixSeconds));
            var manifestUrl = services.Delivery.ManifestUrl(credential, movieId, manifestPath, services.PublicBaseUrl.For(request));
            return TypedResults.Ok(new StartStreamResponse(manifestUrl, (int)services.Signing.Lifetime.TotalSeconds, manifestType, session.Id));
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Database, request.HttpContext))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.Database, ex, "The stream session could not be recorded.");
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            return DependencyFailures.Unavailable(request.HttpContext, Dependency.Redis, ex, "The device's previous session could not be revoked; nothing was started.");
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
        return await StopStream.StopCheckedAsync(movieId, stop, user.UserId()!.Value, request, services, cancellationToken);
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
