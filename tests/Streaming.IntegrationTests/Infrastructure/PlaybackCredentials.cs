using Streaming.Api.Playback;
using Streaming.Api.Playback.Authorization;
using Streaming.Api.Playback.Credentials;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// The playback credential as a test sees it: read from a manifest_url, made with the development signing key (for
/// credentials no start would hand out, such as expired ones), and shown to the API the way the edge does.
/// </summary>
public static class PlaybackCredentials
{
    /// <summary>The API's key in Development: derived from the development JWT secret (no PLAYBACK_SIGNING_KEY is set).</summary>
    public static readonly PlaybackCredentialSigner Signer = new(PlaybackSigningOptions.DeriveKey(TestTokens.DevelopmentSecret));

    /// <summary>The credential segment of a manifest URL (<c>/play/{credential}/...</c> or <c>/api/v1/playback/{credential}/...</c>).</summary>
    public static string Of(string manifestUrl)
    {
        var path = new Uri(manifestUrl, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(manifestUrl).AbsolutePath : manifestUrl;
        foreach (var prefix in new[] { "/play/", SignedManifestEndpoints.RoutePrefix + "/" })
        {
            var start = path.IndexOf(prefix, StringComparison.Ordinal);
            if (start >= 0)
            {
                return path[(start + prefix.Length)..].Split('/')[0];
            }
        }
        throw new ArgumentException($"No credential in {manifestUrl}", nameof(manifestUrl));
    }

    /// <summary>What a genuine, unexpired credential vouches for.</summary>
    public static PlaybackCredential Read(string credential, Guid movieId)
    {
        var verdict = Signer.Verify(credential, movieId);
        Assert.True(verdict.IsValid, $"The credential is {verdict.Failure}.");
        return verdict.Credential;
    }

    /// <summary>GET /api/v1/playback/authorize as the edge calls it (null: no X-Original-URI at all).</summary>
    public static async Task<HttpResponseMessage> AuthorizeAsync(StreamingApp app, string? originalUri)
    {
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, AuthorizeEndpoint.Route);
        if (originalUri is not null)
        {
            request.Headers.TryAddWithoutValidation(AuthorizeEndpoint.OriginalUriHeader, originalUri);
        }
        return await http.SendAsync(request);
    }

    public static string EdgeUri(string credential, Guid movieId, string path = "index.m3u8") => $"/play/{credential}/{movieId:D}/{path}";

    /// <summary>The X-Playback-Denied reason of a refusal, or null for an allowed answer.</summary>
    public static string? DeniedReason(HttpResponseMessage response) =>
        response.Headers.TryGetValues(AuthorizeEndpoint.DeniedHeader, out var values) ? values.Single() : null;
}
