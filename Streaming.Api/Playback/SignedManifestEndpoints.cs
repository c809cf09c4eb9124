using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Dependencies;
using Streaming.Api.Http;
using Streaming.Api.OpenApi;

namespace Streaming.Api.Playback;

/// <summary>
/// <c>GET /api/v1/playback/{movie_id}/{path}?exp=&amp;sig=</c>: a title's manifests, rewritten so that every URL in
/// them is signed. Players cannot send a bearer token, so the URL's own signature is the authorisation.
/// </summary>
public static class SignedManifestEndpoints
{
    public const string RoutePrefix = "/api/v1/playback";

    public static IEndpointRouteBuilder MapSignedManifestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(RoutePrefix + "/{movie_id}/{**path}", GetAsync)
            .WithName("GetSignedManifest")
            .WithTags(ApiTags.Streaming)
            .WithSummary("A manifest with signed links (the manifest_url of a stream)")
            .WithDescription("Authorised by exp and sig from manifest_url, not by a bearer token. HLS playlists and MPDs come back with every segment, init segment and variant URL signed; 403 for a missing, tampered or expired signature.")
            .RequirePlaybackSignature()
            .Produces<string>(StatusCodes.Status200OK, "application/vnd.apple.mpegurl", "application/dash+xml")
            .ProducesProblemResponse(StatusCodes.Status400BadRequest, "movie_id is not a UUID.")
            .ProducesProblemResponse(StatusCodes.Status403Forbidden, "The signature is missing, does not match, or has expired: start the stream again.")
            .ProducesProblemResponse(StatusCodes.Status404NotFound, "The path is not a manifest, or the title has no such manifest.")
            .ProducesProblemResponse(StatusCodes.Status502BadGateway, "The stored manifest is unusable (hostile or broken numbers, too large, malformed).")
            .ProducesProblemResponse(StatusCodes.Status503ServiceUnavailable, "The media storage is unavailable.");
        return app;
    }

    /// <summary>The signed URL of a manifest, relative to the API's base address.</summary>
    public static string SignedPath(Guid movieId, string path, SignatureWindow window, ManifestUrlSigner signature) =>
        $"{RoutePrefix}/{movieId:D}/{path}?exp={window.ExpiresAtUnixSeconds}&sig={signature.Sign(movieId, path, window.ExpiresAtUnixSeconds)}";

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(
        string movie_id, string path, long? exp, string? sig, HttpResponse response,
        ManifestUrlSigner signature, PlaybackSigningOptions signing, RewrittenManifestCache manifests, TimeProvider time,
        ILogger<RewrittenManifestCache> logger, CancellationToken cancellationToken)
    {
        if (!MovieId.TryParse(movie_id, out var movieId, out var invalidId))
        {
            return invalidId!;
        }
        // Cross-origin players may read it: the signature in the URL, not a cookie, is what authorises.
        response.Headers.AccessControlAllowOrigin = "*";
        if (exp is null || !signature.IsValid(movieId, path, exp.Value, sig))
        {
            return ProblemResponses.Problem(StatusCodes.Status403Forbidden, "Invalid playback signature",
                "This manifest URL is not signed, or its signature does not match. Start the stream again (POST /api/v1/stream/{movie_id}) for a fresh manifest_url.");
        }
        var now = time.GetUtcNow();
        if (exp.Value < now.ToUnixTimeSeconds())
        {
            return ProblemResponses.Problem(StatusCodes.Status403Forbidden, "Playback link expired",
                "This manifest URL has expired. Start the stream again (POST /api/v1/stream/{movie_id}) for a fresh manifest_url.");
        }
        if (!MediaPath.IsManifest(path))
        {
            return ProblemResponses.Problem(StatusCodes.Status404NotFound, "Not a manifest",
                "Only manifests (.m3u8, .mpd) are served here; segments come straight from storage through signed URLs.");
        }

        // Every link in it expires when this one does: following links never extends access.
        var window = SignatureWindow.Inheriting(exp.Value, now, signing.Bucket, signing.Lifetime);
        string? manifest;
        try
        {
            manifest = await manifests.GetAsync(movieId, path, window, cancellationToken);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.ObjectStorage, response.HttpContext))
        {
            return DependencyFailures.Unavailable(response.HttpContext, Dependency.ObjectStorage, ex, $"The manifest {path} could not be read.");
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
        var freshFor = (long)Math.Max(0, (window.ReusableUntil(now, signing.Bucket) - now).TotalSeconds);
        response.Headers.CacheControl = $"private, max-age={freshFor}";
        return TypedResults.Text(manifest, path.EndsWith(".mpd", StringComparison.OrdinalIgnoreCase) ? "application/dash+xml" : "application/vnd.apple.mpegurl");
    }
}
