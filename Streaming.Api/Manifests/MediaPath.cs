namespace Streaming.Api.Manifests;

/// <summary>Paths inside a title's folder (<c>movies/{movie_id}/</c>), as manifests refer to them.</summary>
public static class MediaPath
{
    private static readonly Uri Root = new("http://title/");

    /// <summary>The folder part of a path: <c>360p/index.m3u8</c> → <c>360p/</c>, <c>index.mpd</c> → empty.</summary>
    public static string DirectoryOf(string path) => path[..(path.LastIndexOf('/') + 1)];

    /// <summary>
    /// Resolves a manifest's reference against a folder of the title. Null for a reference outside the title
    /// (another host): such URLs are left as they are.
    /// </summary>
    public static string? Resolve(string directory, string reference)
    {
        // Fast path for what packagers write (chunk_00001.ts, 360p/index.m3u8): no Uri work per segment.
        if (IsPlainRelative(reference))
        {
            return directory + reference;
        }
        var resolved = new Uri(new Uri(Root, directory), reference);
        if (resolved.Scheme != Root.Scheme || resolved.Authority != Root.Authority)
        {
            return null;
        }
        return Uri.UnescapeDataString(resolved.AbsolutePath.TrimStart('/'));
    }

    /// <summary>How a manifest in <paramref name="fromDirectory"/> refers to <paramref name="target"/> relatively.</summary>
    public static string Relative(string fromDirectory, string target)
    {
        if (target.StartsWith(fromDirectory, StringComparison.Ordinal))
        {
            return target[fromDirectory.Length..];
        }
        var ups = fromDirectory.Count(c => c == '/');
        return string.Concat(Enumerable.Repeat("../", ups)) + target;
    }

    public static bool IsManifest(string path) =>
        path.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".mpd", StringComparison.OrdinalIgnoreCase);

    private static bool IsPlainRelative(string reference)
    {
        if (reference.Length == 0 || reference[0] == '/' || reference[0] == '.')
        {
            return false;
        }
        foreach (var c in reference)
        {
            if (c is ':' or '?' or '#' or '%' or '\\' or ' ')
            {
                return false;
            }
        }
        return !reference.Contains("/.", StringComparison.Ordinal);
    }
}
