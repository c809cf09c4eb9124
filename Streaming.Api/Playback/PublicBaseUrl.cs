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

    public static PublicBaseUrl From(IConfiguration configuration) => new(ParseBaseUrl(configuration[Setting], Setting));

    /// <summary>A base URL setting: null when unset; an absolute http(s) URL without query, fragment or user info, or the start fails.</summary>
    public static Uri? ParseBaseUrl(string? value, string setting)
    {
        if (value is not { Length: > 0 })
        {
            return null;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            throw new InvalidOperationException($"{setting} must be an absolute http:// or https:// URL without query, fragment or user info (was '{value}').");
        }
        return url;
    }

    /// <summary>The base, without a trailing slash, that API paths are appended to.</summary>
    public string For(HttpRequest request) => _configured ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
}
