using System.Text.Json;

namespace Streaming.Hosting.Edge;

/// <summary>
/// The edge's access log (<c>log_format edge</c> in nginx.conf.template): one JSON object per request, in a file the
/// AppHost counts for the dashboard and tests read. A request fetched from the bucket exactly when
/// <c>origin_addr</c> is set: a request that waited on proxy_cache_lock and was then served from the cache logs
/// <c>HIT</c> without an address.
/// </summary>
public static class EdgeAccessLog
{
    public const string FileName = "access.log";

    /// <summary>Parses one line; null for a line that is not a complete entry (one being written).</summary>
    public static EdgeLogEntry? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || !line.EndsWith('}'))
        {
            return null;
        }
        try
        {
            var json = JsonDocument.Parse(line).RootElement;
            return new EdgeLogEntry(
                json.GetProperty("path").GetString() ?? "",
                json.GetProperty("status").GetInt32(),
                json.GetProperty("cache").GetString() ?? "",
                json.GetProperty("object").GetString() ?? "",
                json.GetProperty("origin_addr").GetString() ?? "",
                json.GetProperty("origin_status").GetString() ?? "",
                json.GetProperty("auth_cache").GetString() ?? "",
                json.GetProperty("denied").GetString() ?? "");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Every complete entry of the log file at <paramref name="path"/> (none when it does not exist yet).</summary>
    public static async Task<IReadOnlyList<EdgeLogEntry>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        // nginx keeps appending: share the file for writing.
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var entries = new List<EdgeLogEntry>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (Parse(line) is { } entry)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }
}

/// <param name="Path">The request path with the credential replaced by '-'.</param>
/// <param name="Cache">X-Cache-Status: HIT, MISS, EXPIRED, STALE, UPDATING, REVALIDATED, or NONE (no cache lookup).</param>
/// <param name="Object">The object key (<c>movies/{movie_id}/{path}</c>) of a playback request, else empty.</param>
/// <param name="OriginAddress">The bucket's address when this request fetched from it, else empty.</param>
/// <param name="AuthCache">The authorisation answer's cache status (HIT, MISS, STALE, ...), empty when not asked.</param>
/// <param name="Denied">The API's refusal reason (X-Playback-Denied), else empty.</param>
public sealed record EdgeLogEntry(string Path, int Status, string Cache, string Object, string OriginAddress,
    string OriginStatus, string AuthCache, string Denied)
{
    public bool FetchedFromOrigin => OriginAddress.Length > 0;
    /// <summary>Served from the media cache (STALE and UPDATING while the origin fails or is being asked again).</summary>
    public bool IsHit => Cache is "HIT" or "STALE" or "UPDATING" or "REVALIDATED";

    /// <summary>Looked into the media cache and had to ask the origin (or a lock holder).</summary>
    public bool IsMiss => Cache is "MISS" or "EXPIRED" or "BYPASS";
    public bool IsRefused => Status == 403 && Denied.Length > 0;
}
