namespace Streaming.ServiceDefaults.Security;

/// <summary>
/// Path segments that are capabilities: the session-bound playback credential right after <c>/api/v1/playback/</c>
/// (presigned delivery's manifest URLs) or <c>/play/</c> (the edge's URLs). It loses its value before a URL reaches a
/// trace, as signatures in query strings do (<see cref="QueryRedaction"/>).
/// </summary>
public static class PathRedaction
{
    public static readonly IReadOnlyList<string> CredentialPrefixes = ["/api/v1/playback/", "/play/"];

    /// <summary>The URL or path with the segment after a credential prefix replaced; other URLs are returned as they are.</summary>
    public static string Redact(string urlOrPath)
    {
        foreach (var prefix in CredentialPrefixes)
        {
            var start = urlOrPath.IndexOf(prefix, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }
            start += prefix.Length;
            var end = urlOrPath.IndexOfAny(['/', '?', '#'], start);
            // A single segment after the prefix (e.g. /api/v1/playback/authorize) is a route, not a credential.
            if (end < 0 || urlOrPath[end] != '/')
            {
                return urlOrPath;
            }
            return string.Concat(urlOrPath.AsSpan(0, start), QueryRedaction.Redacted, urlOrPath.AsSpan(end));
        }
        return urlOrPath;
    }
}
