namespace Streaming.Api.Playback;

/// <summary>
/// The address players reach the API at, on which manifest_url is built: <c>PUBLIC_BASE_URL</c> when set, otherwise
/// the request's scheme, host and path base (which a trusted proxy's X-Forwarded-Proto and X-Forwarded-Host have
/// already corrected, see <see cref="Http.TrustedProxies"/>).
/// </summary>
public sealed class PublicBaseUrl(Uri? configured)
{
    public const string Setting = "PUBLIC_BASE_URL";

    private readonly string? _configured = configured?.AbsoluteUri.TrimEnd('/');

    public static PublicBaseUrl From(IConfiguration configuration)
    {
        if (configuration[Setting] is not { Length: > 0 } value)
        {
            return new PublicBaseUrl(null);
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            throw new InvalidOperationException($"{Setting} must be an absolute http:// or https:// URL without query, fragment or user info (was '{value}').");
        }
        return new PublicBaseUrl(url);
    }

    /// <summary>The base, without a trailing slash, that API paths are appended to.</summary>
    public string For(HttpRequest request) => _configured ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
}
