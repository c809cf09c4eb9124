using System.Globalization;
using System.Xml;
using Streaming.Api.Manifests;

namespace Streaming.Api.Titles;

/// <summary>
/// A title's length as its manifest states it: the sum of a media playlist's <c>#EXTINF</c> durations (HLS) or the
/// MPD's <c>mediaPresentationDuration</c> (DASH). Bounded by <see cref="ManifestLimits.MaxPresentationDuration"/>.
/// </summary>
public static class ManifestDuration
{
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = ManifestLimits.MaxManifestBytes,
    };

    /// <summary>What an HLS playlist says: its duration (media playlist), or the path of its first variant (master).</summary>
    public sealed record HlsAnswer(TimeSpan? Duration, string? FirstVariantPath);

    /// <param name="path">The playlist's path in the title, against which a master's variant URI is resolved.</param>
    public static HlsAnswer FromHls(string playlist, string path)
    {
        var total = 0.0;
        var segments = 0;
        var variantFollows = false;
        foreach (var raw in playlist.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal))
            {
                variantFollows = true;
            }
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var value = line["#EXTINF:".Length..].Split(',')[0];
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || !double.IsFinite(seconds))
                {
                    throw new UnusableManifestException($"{path}: #EXTINF:{UnusableManifestException.Shown(value)} is not a duration in seconds.");
                }
                total += seconds;
                segments++;
            }
            else if (variantFollows && line.Length > 0 && !line.StartsWith('#'))
            {
                return new HlsAnswer(null, MediaPath.Resolve(MediaPath.DirectoryOf(path), line));
            }
        }
        return segments == 0 ? new HlsAnswer(null, null) : new HlsAnswer(Bounded(TimeSpan.FromSeconds(total), path), null);
    }

    /// <summary>The MPD's mediaPresentationDuration, or null when it has none.</summary>
    public static TimeSpan? FromDash(string mpd, string path)
    {
        using var reader = XmlReader.Create(new StringReader(mpd), ReaderSettings);
        try
        {
            reader.MoveToContent();
            if (reader.GetAttribute("mediaPresentationDuration") is not { } value)
            {
                return null;
            }
            return Bounded(XmlConvert.ToTimeSpan(value), path);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or XmlException)
        {
            throw new UnusableManifestException($"{path}: no usable mediaPresentationDuration ({ex.Message})", ex);
        }
    }

    /// <summary>Whole seconds, rounded: positions are whole seconds too.</summary>
    public static int Seconds(TimeSpan duration) => (int)Math.Round(duration.TotalSeconds, MidpointRounding.AwayFromZero);

    private static TimeSpan Bounded(TimeSpan duration, string path) =>
        duration >= TimeSpan.Zero && duration <= ManifestLimits.MaxPresentationDuration
            ? duration
            : throw new UnusableManifestException($"{path}: a duration of {duration} is outside 0 to {ManifestLimits.MaxPresentationDuration.TotalDays:N0} days.");
}
