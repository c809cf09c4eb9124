using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Dependencies;
using Streaming.Api.Http;
using Streaming.Api.Manifests;
using Streaming.Api.OpenApi;
using Streaming.Api.Playback.Authorization;
using Streaming.Api.Playback.Credentials;
using Streaming.Api.Playback.Delivery;

namespace Streaming.Api.Playback;

/// <summary>
/// <c>GET /api/v1/playback/{credential}/{movie_id}/{path}</c> (presigned delivery): a title's manifests, rewritten so
/// that every segment URL is presigned until the credential's expiry. The credential, a path segment so that the
/// manifests' relative variant URIs inherit it, is checked exactly as the edge's authorisation route checks it.
/// </summary>
public static class SignedManifestEndpoints
{
    public const string RoutePrefix = "/api/v1/playback";

    public static IEndpointRouteBuilder MapSignedManifestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(RoutePrefix + "/{credential}/{movie_id}/{**path}", GetAsync)
            .WithName("GetSignedManifest")
            .WithTags(ApiTags.Streaming)
            .WithSummary("A manifest with presigned segment links (the manifest_url of a stream, presigned delivery)")
            .WithDescription("Only with PLAYBACK_DELIVERY=presigned (404 in edge mode). Authorised by the session-bound credential in the path, not by a bearer token: checked like GET /api/v1/playback/authorize (signature, expiry, title, the session not revoked, the subscription). HLS playlists and MPDs come back with every segment and init segment URL presigned for S3 until the credential expires; variant playlists stay relative, so they carry the same credential. 403 with X-Playback-Denied (invalid, expired, wrong_title, stopped, stopped_elsewhere, idle_timeout, replaced, subscription_ended). Segment URLs already handed out keep working until they expire: presigned delivery cannot revoke them.")
            .AllowAnonymous()
            .Produces<string>(StatusCodes.Status200OK, "application/vnd.apple.mpegurl", "application/dash+xml")
            .ProducesProblemResponse(StatusCodes.Status400BadRequest, "movie_id is not a UUID.")
            .ProducesProblemResponse(StatusCodes.Status403Forbidden, "The credential is malformed, for another title, expired, or its session was revoked; X-Playback-Denied says which. Start the stream again.")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "The path is not a manifest, the title has no such manifest, or the API runs in edge mode.")
            .ProducesProblemResponse(StatusCodes.Status502BadGateway, "The stored manifest is unusable (hostile or broken numbers, too large, malformed).")
            .ProducesProblemResponse(StatusCodes.Status503ServiceUnavailable, "The media storage, Redis or PostgreSQL is unavailable.");
        return app;
    }

    /// <summary>The manifest URL of a credential, relative to the API's base address.</summary>
    public static string CredentialPath(string credential, Guid movieId, string path) => $"{RoutePrefix}/{credential}/{movieId:D}/{path}";

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(
        string credential, string movie_id, string? path, HttpContext context, PlaybackAuthorizer authorizer, PlaybackDelivery delivery,
        PlaybackSigningOptions signing, RewrittenManifestCache manifests, TimeProvider time, ILogger<RewrittenManifestCache> logger,
        CancellationToken cancellationToken)
    {
        var response = context.Response;
        // Cross-origin players may read it (and why it was refused): the credential in the URL, not a cookie, authorises.
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = AuthorizeEndpoint.DeniedHeader;
        if (!MovieId.TryParse(movie_id, out var movieId, out var invalidId))
        {
            return invalidId!;
        }
        if (delivery.Mode != DeliveryMode.Presigned)
        {
            return ProblemResponses.Problem(StatusCodes.Status404NotFound, "Not served here",
                "This API delivers through the edge (PLAYBACK_DELIVERY=edge): fetch the manifest_url a stream start answers.");
        }
        if (path is null || !PlaybackPath.IsObjectPath(path) || !MediaPath.IsManifest(path))
        {
            return ProblemResponses.Problem(StatusCodes.Status404NotFound, "Not a manifest",
                "Only manifests (.m3u8, .mpd) are served here; segments come straight from storage through presigned URLs.");
        }
        var decision = await authorizer.DecideAsync(credential, movieId, cancellationToken);
        if (!decision.Allowed)
        {
            return AuthorizeEndpoint.Refused(context, decision);
        }

        // Every link in it expires when the credential does: following links never extends access.
        var now = time.GetUtcNow();
        var window = SignatureWindow.Inheriting(decision.Credential!.Value.ExpiresAtUnixSeconds, now, signing.Bucket, signing.Lifetime);
        string? manifest;
        try
        {
            manifest = await manifests.GetAsync(movieId, path, window, cancellationToken);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.ObjectStorage, context))
        {
            return DependencyFailures.Unavailable(context, Dependency.ObjectStorage, ex, $"The manifest {path} could not be read.");
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException or FormatException)
        {
            logger.LogError(ex, "Manifest {Path} of movie {MovieId} cannot be rewritten", path, movieId);
            return ProblemResponses.Problem(StatusCodes.Status502BadGateway, "Unusable manifest",
                $"The stored manifest {path} could not be read: {ex.Message}");
        }
        if (manifest is null)
        {
            return ProblemResponses.Problem(StatusCodes.Status404NotFound, "Manifest not found",
                $"Movie {movieId} has no {path}.");
        }
        // The player asks again within the revocation time, so a revoked session cannot keep re-reading manifests.
        var freshFor = (long)Math.Clamp((window.ReusableUntil(now, signing.Bucket) - now).TotalSeconds, 0, delivery.Revocation.TotalSeconds);
        response.Headers.CacheControl = $"private, max-age={freshFor}";
        return TypedResults.Text(manifest, path.EndsWith(".mpd", StringComparison.OrdinalIgnoreCase) ? "application/dash+xml" : "application/vnd.apple.mpegurl");
    }
}
