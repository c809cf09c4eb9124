using System.Text;

namespace Streaming.Api.Manifests;

/// <summary>
/// Rewrites an HLS playlist (master or media): every URI line and every <c>URI="..."</c> attribute (EXT-X-MAP,
/// EXT-X-MEDIA, EXT-X-KEY, EXT-X-I-FRAME-STREAM-INF, ...) becomes a signed link.
/// </summary>
public static class HlsPlaylistRewriter
{
    private const string UriAttribute = "URI=\"";

    /// <exception cref="UnusableManifestException">The playlist is over a <see cref="ManifestLimits"/> cap.</exception>
    public static string Rewrite(string playlist, string playlistPath, IManifestLinks links)
    {
        if (playlist.Length > ManifestLimits.MaxManifestBytes)
        {
            throw UnusableManifestException.TooLarge($"The playlist {playlistPath}", playlist.Length);
        }
        var directory = MediaPath.DirectoryOf(playlistPath);
        var lineNumber = 0;
        var uris = 0;
        // Signed URLs are ~4x longer than the names they replace.
        var output = new StringBuilder(playlist.Length * 5);
        foreach (var range in playlist.AsSpan().Split('\n'))
        {
            var line = playlist.AsSpan(range).TrimEnd('\r');
            lineNumber++;
            if (line.Length > ManifestLimits.MaxLineLength)
            {
                throw new UnusableManifestException(
                    $"Line {lineNumber} of {playlistPath} is {line.Length:N0} characters long; lines over {ManifestLimits.MaxLineLength:N0} are refused.");
            }
            var trimmed = line.Trim();
            if (trimmed.IsEmpty)
            {
                output.Append(line);
            }
            else if (trimmed[0] == '#')
            {
                AppendTag(output, line, directory, playlistPath, links);
            }
            else
            {
                if (++uris > ManifestLimits.MaxSegments)
                {
                    throw new UnusableManifestException(
                        $"{playlistPath} lists more than {ManifestLimits.MaxSegments:N0} URIs (line {lineNumber}), the cap for one playlist.");
                }
                AppendLink(output, trimmed.ToString(), directory, playlistPath, links);
            }
            output.Append('\n');
        }
        // Split yields a last empty range after a final newline; keep the input's ending.
        output.Length -= 1;
        return output.ToString();
    }

    private static void AppendTag(StringBuilder output, ReadOnlySpan<char> line, string directory, string playlistPath, IManifestLinks links)
    {
        var start = line.IndexOf(UriAttribute, StringComparison.Ordinal);
        if (start < 0 || !line.StartsWith("#EXT", StringComparison.Ordinal))
        {
            output.Append(line);
            return;
        }
        start += UriAttribute.Length;
        var length = line[start..].IndexOf('"');
        if (length < 0)
        {
            output.Append(line);
            return;
        }
        output.Append(line[..start]);
        AppendLink(output, line.Slice(start, length).ToString(), directory, playlistPath, links);
        output.Append(line[(start + length)..]);
    }

    private static void AppendLink(StringBuilder output, string reference, string directory, string playlistPath, IManifestLinks links)
    {
        if (MediaPath.Resolve(directory, reference) is { } target)
        {
            links.Append(output, playlistPath, target);
        }
        else
        {
            output.Append(reference);
        }
    }
}
