using System.Xml;
using System.Xml.Linq;

namespace Streaming.Api.Manifests;

/// <summary>Reads an MPD safely: no DTD, nothing fetched, within the size and nesting caps.</summary>
internal static class MpdReader
{
    public static XDocument Parse(string mpd)
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
}
