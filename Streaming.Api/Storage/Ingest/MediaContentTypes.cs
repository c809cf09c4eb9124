using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Streaming.Api.Storage.Ingest;

/// <summary>Content types players expect for HLS and DASH objects.</summary>
public sealed class MediaContentTypes
{
    private readonly List<(Regex Pattern, string ContentType)> _dashSegments = [];

    public static string ForExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".m3u8" => "application/vnd.apple.mpegurl",
        ".mpd" => "application/dash+xml",
        ".ts" => "video/mp2t",
        ".aac" => "audio/aac",
        ".vtt" => "text/vtt",
        ".m4a" or ".cmfa" => "audio/mp4",
        ".mp4" or ".m4v" or ".m4s" or ".cmfv" => "video/mp4",
        _ => "application/octet-stream",
    };

    /// <summary>
    /// Learns from the folder's MPDs which segment files are audio: fMP4 segments share an extension, and
    /// only the Representation's mimeType tells audio/mp4 from video/mp4.
    /// </summary>
    public static MediaContentTypes For(string folder, IEnumerable<string> relativeManifestPaths)
    {
        var types = new MediaContentTypes();
        foreach (var mpd in relativeManifestPaths.Where(p => p.EndsWith(".mpd", StringComparison.OrdinalIgnoreCase)))
        {
            var root = XDocument.Load(Path.Combine(folder, mpd)).Root!;
            var directory = Manifests.MediaPath.DirectoryOf(mpd);
            foreach (var representation in root.Descendants(root.Name.Namespace + "Representation"))
            {
                var set = representation.Parent!;
                var mimeType = representation.Attribute("mimeType")?.Value ?? set.Attribute("mimeType")?.Value;
                if (mimeType is null)
                {
                    continue;
                }
                var id = representation.Attribute("id")?.Value ?? "";
                var template = representation.Element(root.Name.Namespace + "SegmentTemplate") ?? set.Element(root.Name.Namespace + "SegmentTemplate");
                foreach (var pattern in new[] { template?.Attribute("initialization")?.Value, template?.Attribute("media")?.Value }.OfType<string>())
                {
                    types._dashSegments.Add((PatternFor(directory, pattern, id), mimeType));
                }
            }
        }
        return types;
    }

    public string Of(string relativePath)
    {
        foreach (var (pattern, contentType) in _dashSegments)
        {
            if (pattern.IsMatch(relativePath))
            {
                return contentType;
            }
        }
        return ForExtension(relativePath);
    }

    private static Regex PatternFor(string directory, string template, string representationId)
    {
        var pattern = Regex.Escape(directory + template.Replace("$RepresentationID$", representationId, StringComparison.Ordinal));
        pattern = Regex.Replace(pattern, @"\\\$(Number|Time|Bandwidth)(%0\d+d)?\\\$|\$(Number|Time|Bandwidth)(%0\d+d)?\$", @"\d+");
        return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
    }
}
