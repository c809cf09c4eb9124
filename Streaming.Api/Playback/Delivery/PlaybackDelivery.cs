using Streaming.Core.Configuration;

namespace Streaming.Api.Playback.Delivery;

public enum DeliveryMode
{
    /// <summary>The API serves rewritten manifests whose segment URLs are presigned S3 URLs (works with the API alone).</summary>
    Presigned,
    /// <summary>Players fetch everything from the edge, which asks the API (<c>/api/v1/playback/authorize</c>) and reads the private bucket.</summary>
    Edge,
}

/// <summary>
/// How players receive media: <c>PLAYBACK_DELIVERY</c> = <c>presigned</c> (default) or <c>edge</c>; in edge mode
/// <c>EDGE_PUBLIC_URL</c> is the absolute base URL players reach the edge at (validated like <c>PUBLIC_BASE_URL</c>).
/// <c>PLAYBACK_REVOCATION_SECONDS</c> (default 10) bounds how long a revoked session's links keep working at the edge.
/// </summary>
public sealed record PlaybackDelivery(DeliveryMode Mode, string? EdgeBaseUrl, TimeSpan Revocation)
{
    public const string ModeSetting = SharedSettings.PlaybackDeliverySetting;
    public const string EdgeUrlSetting = SharedSettings.EdgePublicUrlSetting;
    public const string RevocationSetting = "PLAYBACK_REVOCATION_SECONDS";
    public const int DefaultRevocationSeconds = 10;

    /// <summary>The path under which the edge serves titles: <c>{EDGE_PUBLIC_URL}/play/{credential}/{movie_id}/{path}</c>.</summary>
    public const string EdgePathPrefix = "/play/";

    /// <summary>
    /// The manifest_url of a credential: at the edge, or on the API's manifest route under <paramref name="apiBase"/>
    /// (PUBLIC_BASE_URL or the request's base). The credential is a path prefix, so relative URIs inherit it.
    /// </summary>
    public string ManifestUrl(string credential, Guid movieId, string manifestPath, string apiBase) => Mode == DeliveryMode.Edge
        ? $"{EdgeBaseUrl}{EdgePathPrefix}{credential}/{movieId:D}/{manifestPath}"
        : apiBase + SignedManifestEndpoints.CredentialPath(credential, movieId, manifestPath);

    public static PlaybackDelivery From(IConfiguration configuration)
    {
        var mode = configuration[ModeSetting] switch
        {
            null or "" or "presigned" => DeliveryMode.Presigned,
            "edge" => DeliveryMode.Edge,
            var other => throw new InvalidOperationException($"{ModeSetting} must be 'edge' or 'presigned' (was '{other}')."),
        };
        var revocation = configuration.GetValue(RevocationSetting, DefaultRevocationSeconds);
        if (revocation is < 2 or > 300)
        {
            throw new InvalidOperationException($"{RevocationSetting} must be between 2 and 300 seconds (was {revocation}); at most 15 is recommended.");
        }
        string? edge = null;
        if (mode == DeliveryMode.Edge)
        {
            var url = PublicBaseUrl.ParseBaseUrl(configuration[EdgeUrlSetting], EdgeUrlSetting)
                ?? throw new InvalidOperationException($"{EdgeUrlSetting} is required when {ModeSetting}=edge: the absolute http(s) base URL players reach the edge at.");
            edge = url.AbsoluteUri.TrimEnd('/');
        }
        return new PlaybackDelivery(mode, edge, TimeSpan.FromSeconds(revocation));
    }
}
