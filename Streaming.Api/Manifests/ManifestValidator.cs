using System.Xml;

namespace Streaming.Api.Manifests;

/// <summary>
/// The rewriters' own checks, run with unsigned links: whatever the manifest route would refuse with a 502 is
/// refused here too (ingest runs it before uploading), because the rules live in one place.
/// </summary>
public static class ManifestValidator
{
    /// <exception cref="UnusableManifestException">The manifest would not be served.</exception>
    public static void Validate(string manifest, string path)
    {
        try
        {
            _ = path.EndsWith(".mpd", StringComparison.OrdinalIgnoreCase)
                ? DashManifestRewriter.Rewrite(manifest, path, UnsignedLinks.Instance)
                : HlsPlaylistRewriter.Rewrite(manifest, path, UnsignedLinks.Instance);
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException or FormatException)
        {
            throw new UnusableManifestException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>A manifest file on disk, at <paramref name="path"/> in its title; one over the size cap is not read.</summary>
    public static void ValidateFile(string file, string path)
    {
        var length = new FileInfo(file).Length;
        if (length > ManifestLimits.MaxManifestBytes)
        {
            throw UnusableManifestException.TooLarge(path, length);
        }
        Validate(File.ReadAllText(file), path);
    }

    private sealed class UnsignedLinks : IManifestLinks
    {
        public static readonly UnsignedLinks Instance = new();

        public string For(string manifestPath, string target) => target;
    }
}
