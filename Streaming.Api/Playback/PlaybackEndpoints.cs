using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Auth;
using Streaming.Api.Dependencies;
using Streaming.Api.Errors;
using Streaming.Api.Progress;
using Streaming.Api.Sessions;
using Streaming.Api.Storage;
using Streaming.Api.Subscriptions;

namespace Streaming.Api.Playback;

public static class PlaybackEndpoints
{
    public static RouteGroupBuilder MapPlaybackEndpoints(this RouteGroupBuilder stream)
    {
        stream.MapPost("/{movie_id}", StartAsync)
            .WithName("StartStream")
            .WithSummary("Start streaming a title")
            .WithDescription("Checks the token and the subscription, opens a stream session, publishes stream.start and answers with a signed manifest URL valid for at least expires_in seconds (SIGNED_URL_EXPIRATION) and at most one signing bucket (SIGNED_URL_BUCKET) longer; every manifest and segment URL reached from it expires with it. It leads to the API's manifest route, which serves the manifest with every segment URL presigned for the public S3 endpoint.")
            .Accepts<StartStreamRequest>("application/json");

        stream.MapPost("/{movie_id}/stop", StopAsync)
            .WithName("StopStream")
            .WithSummary("Stop streaming a title")
            .WithDescription("Records the final position, closes the open stream session (ended_at, duration_seconds) and publishes stream.stop. Repeating it changes nothing.")
            .Accepts<StopStreamRequest>("application/json");

        return stream;
    }

    private static async Task<Results<Ok<StartStreamResponse>, ProblemHttpResult>> StartAsync(
        string movie_id, HttpRequest request, ClaimsPrincipal user,
        SubscriptionChecker subscriptions, MediaStorage storage, StreamSessionStore sessions, ProgressWriter progress,
        ManifestUrlSignature signature, PlaybackSigningOptions signing, PublicBaseUrl publicBaseUrl, TimeProvider time,
        ILogger<StreamSessionStore> logger, CancellationToken cancellationToken)
    {
        var (movieId, body, invalid) = await MovieId.ReadWithBodyAsync(movie_id, request, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        var manifestType = body!.OptionalString("manifest_type", ManifestTypes.All) ?? ManifestTypes.Hls;
        if (body.HasErrors)
        {
            return body.Problem();
        }
        var userId = user.UserId()!.Value;

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
        var manifestKey = $"movies/{movieId}/{manifestPath}";
        try
        {
            if (!await storage.ExistsAsync(manifestKey, cancellationToken))
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
            var session = await sessions.StartAsync(userId, movieId,
                request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
                request.HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            await TrySetCurrentSessionAsync(progress, userId, movieId, session.Id, logger);

            var now = time.GetUtcNow();
            var window = SignatureWindow.Containing(now, signing.Bucket, signing.Lifetime);
            var manifestUrl = publicBaseUrl.For(request) + PlaylistEndpoints.SignedPath(movieId, manifestPath, window, signature);
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
        StreamSessionStore sessions, ProgressWriter progress, TimeProvider time, CancellationToken cancellationToken)
    {
        var (movieId, body, invalid) = await MovieId.ReadWithBodyAsync(movie_id, request, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        var position = body!.RequiredInteger("position_seconds", 0, ProgressOptions.MaxPositionSeconds);
        if (body.HasErrors)
        {
            return body.Problem();
        }
        var userId = user.UserId()!.Value;

        try
        {
            // The final position goes through the same path as any update (no rate limit: a stop is never spam).
            await progress.WriteAsync(userId, movieId, position!.Value, time.GetUtcNow(), rateLimited: false);
            await sessions.StopAsync(userId, movieId, position.Value, cancellationToken);
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
