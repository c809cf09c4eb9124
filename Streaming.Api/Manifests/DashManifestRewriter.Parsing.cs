using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Streaming.Api.Manifests;

// Reading the MPD safely, and its numbers and durations with messages that say where they are wrong.
public static partial class DashManifestRewriter
{
    private static XDocument Parse(string mpd)
    {
        if (mpd.Length > ManifestLimits.MaxManifestBytes)
        {
            throw UnusableManifestException.TooLarge("The MPD", mpd.Length);
        }
        try
        {
            using var reader = XmlReader.Create(new StringReader(mpd), ReaderSettings);
            var document = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
            RefuseDeepNesting(document);
            return document;
        }
        catch (XmlException ex)
        {
            throw new UnusableManifestException($"The MPD is not usable XML: {ex.Message}", ex);
        }
    }

    /// <summary>No DTD (no entity expansion, nothing fetched), and no document larger than the size cap.</summary>
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = ManifestLimits.MaxManifestBytes,
        IgnoreWhitespace = false,
    };

    /// <summary>Copying an element recurses per level: a deeply nested document would exhaust the stack.</summary>
    private static void RefuseDeepNesting(XDocument document)
    {
        if (document.Root is not { } root)
        {
            return;
        }
        XNode node = root;
        var depth = 1;
        while (true)
        {
            if (node is XElement { FirstNode: { } child })
            {
                if (++depth > ManifestLimits.MaxXmlDepth)
                {
                    throw new UnusableManifestException($"The MPD nests elements more than {ManifestLimits.MaxXmlDepth} deep.");
                }
                node = child;
                continue;
            }
            while (node != root && node.NextNode is null)
            {
                node = node.Parent!;
                depth--;
            }
            if (node == root)
            {
                return;
            }
            node = node.NextNode!;
        }
    }

    private static string Where(XElement representation) => $"Representation {representation.Attribute("id")?.Value ?? "(no id)"}";

    private static void Refuse(bool refused, XElement element, string attribute, string where, string rule)
    {
        if (refused)
        {
            throw new UnusableManifestException(
                $"{where}: {element.Name.LocalName} {attribute}=\"{UnusableManifestException.Shown(element.Attribute(attribute)?.Value)}\" {rule}.");
        }
    }

    private static long? Long(XElement element, string attribute, string where)
    {
        if (element.Attribute(attribute)?.Value is not { } value)
        {
            return null;
        }
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UnusableManifestException(
                $"{where}: {element.Name.LocalName} {attribute}=\"{UnusableManifestException.Shown(value)}\" is not a whole number within 64 bits.");
    }

    private static TimeSpan? Duration(XElement element, string attribute, string where)
    {
        if (element.Attribute(attribute)?.Value is not { } value)
        {
            return null;
        }
        TimeSpan duration;
        try
        {
            duration = XmlConvert.ToTimeSpan(value);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new UnusableManifestException($"{where} {attribute}=\"{UnusableManifestException.Shown(value)}\" is not an ISO 8601 duration.", ex);
        }
        if (duration < TimeSpan.Zero || duration > ManifestLimits.MaxPresentationDuration)
        {
            throw new UnusableManifestException(
                $"{where} {attribute}=\"{UnusableManifestException.Shown(value)}\" is outside 0 to {ManifestLimits.MaxPresentationDuration.TotalDays:N0} days.");
        }
        return duration;
    }
}
