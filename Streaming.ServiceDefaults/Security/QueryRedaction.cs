using System.Diagnostics;

namespace Streaming.ServiceDefaults.Security;

/// <summary>
/// Query parameters that are capabilities (a playback link's <c>sig</c>, a presigned S3 URL's signature and
/// credential, a bearer token in a query) lose their value before a URL reaches a trace. OpenTelemetry redacts every
/// query value by default, but the Aspire AppHost turns that off in Development; this holds in every environment.
/// </summary>
public static class QueryRedaction
{
    public const string Redacted = "Redacted";

    public static readonly IReadOnlyList<string> SensitiveParameters =
        ["sig", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token", "access_token"];

    private static readonly string[] UrlTags = ["url.query", "url.full", "http.url", "http.target", "url.path"];

    /// <summary>The URL or query string with the value of each sensitive parameter replaced.</summary>
    public static string Redact(string urlOrQuery)
    {
        var queryStart = urlOrQuery.IndexOf('?');
        var fragmentStart = urlOrQuery.IndexOf('#', Math.Max(queryStart, 0));
        var end = fragmentStart < 0 ? urlOrQuery.Length : fragmentStart;
        // A bare query string ("exp=1&sig=x", as url.query may hold it) has no '?'.
        var start = queryStart >= 0 ? queryStart + 1 : urlOrQuery.Contains('=') && !urlOrQuery.Contains("://", StringComparison.Ordinal) ? 0 : -1;
        if (start < 0 || start >= end)
        {
            return urlOrQuery;
        }
        var pairs = urlOrQuery[start..end].Split('&');
        var changed = false;
        for (var i = 0; i < pairs.Length; i++)
        {
            var equals = pairs[i].IndexOf('=');
            var name = equals < 0 ? pairs[i] : pairs[i][..equals];
            if (SensitiveParameters.Contains(Uri.UnescapeDataString(name), StringComparer.OrdinalIgnoreCase))
            {
                pairs[i] = $"{name}={Redacted}";
                changed = true;
            }
        }
        return changed ? string.Concat(urlOrQuery.AsSpan(0, start), string.Join('&', pairs), urlOrQuery.AsSpan(end)) : urlOrQuery;
    }

    /// <summary>Redacts every URL-bearing tag of an HTTP activity in place (query capabilities and credential path segments).</summary>
    public static void RedactTags(Activity activity)
    {
        foreach (var tag in UrlTags)
        {
            if (activity.GetTagItem(tag) is string value && PathRedaction.Redact(Redact(value)) is var redacted && !ReferenceEquals(redacted, value))
            {
                activity.SetTag(tag, redacted);
            }
        }
    }
}
