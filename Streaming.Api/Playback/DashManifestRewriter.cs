using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Streaming.Api.Playback;

/// <summary>
/// Rewrites an MPD so that every URL a player fetches is signed: a SegmentTemplate is one URL pattern, which
/// cannot carry a signature per object, so it is expanded, per Representation, into a SegmentList with one signed
/// SegmentURL per segment (keeping the SegmentTimeline for exact timing; audio and video may differ in count).
/// BaseURLs are folded into the signed absolute URLs; a single-file Representation (SegmentBase) gets a signed BaseURL.
/// </summary>
public static class DashManifestRewriter
{
    public static string Rewrite(string mpd, string manifestPath, IManifestLinks links)
    {
        var document = XDocument.Parse(mpd, LoadOptions.PreserveWhitespace);
        var root = document.Root ?? throw new InvalidDataException("The MPD has no root element.");
        XNamespace ns = root.Name.Namespace;
        var context = new Context(ns, manifestPath, links, PresentationDuration(root));

        var mpdBase = Base(context, MediaPath.DirectoryOf(manifestPath), root);
        foreach (var period in root.Elements(ns + "Period"))
        {
            var periodDuration = Duration(period.Attribute("duration")) ?? context.PresentationDuration;
            var periodBase = Base(context, mpdBase, period);
            foreach (var adaptationSet in period.Elements(ns + "AdaptationSet"))
            {
                var setBase = Base(context, periodBase, adaptationSet);
                var setTemplate = adaptationSet.Element(ns + "SegmentTemplate");
                var setList = adaptationSet.Element(ns + "SegmentList");
                foreach (var representation in adaptationSet.Elements(ns + "Representation"))
                {
                    RewriteRepresentation(context, representation, Base(context, setBase, representation), setTemplate, setList, periodDuration);
                }
                setTemplate?.Remove();
                setList?.Remove();
            }
        }
        foreach (var baseUrl in root.Descendants(ns + "BaseURL").Where(e => e.Attribute(Marker) is null).ToList())
        {
            baseUrl.Remove();
        }
        foreach (var marked in root.Descendants(ns + "BaseURL"))
        {
            marked.Attribute(Marker)!.Remove();
        }

        using var writer = new Utf8StringWriter();
        document.Save(writer, SaveOptions.DisableFormatting);
        return writer.ToString();
    }

    private static readonly XName Marker = "signed-by-streaming-api";

    private sealed record Context(XNamespace Ns, string ManifestPath, IManifestLinks Links, TimeSpan? PresentationDuration);

    private static void RewriteRepresentation(Context context, XElement representation, string baseUrl,
        XElement? setTemplate, XElement? setList, TimeSpan? periodDuration)
    {
        var ns = context.Ns;
        var ownTemplate = representation.Element(ns + "SegmentTemplate");
        var ownList = representation.Element(ns + "SegmentList");
        if (ownTemplate is not null || (setTemplate is not null && ownList is null))
        {
            var list = ExpandTemplate(context, representation, baseUrl, Merge(setTemplate, ownTemplate), periodDuration);
            ownTemplate?.Remove();
            representation.Add(list);
        }
        else if ((ownList ?? setList) is { } segmentList)
        {
            var list = new XElement(segmentList);
            foreach (var attribute in list.Descendants().Attributes().Where(a => a.Name.LocalName is "media" or "sourceURL" or "index"))
            {
                attribute.Value = Link(context, baseUrl, attribute.Value);
            }
            ownList?.Remove();
            representation.Add(list);
        }
        else if (baseUrl.Length > 0 && !baseUrl.EndsWith('/'))
        {
            // One file (SegmentBase) that the player fetches in byte ranges from its BaseURL.
            representation.AddFirst(new XElement(ns + "BaseURL", new XAttribute(Marker, "1"), context.Links.For(context.ManifestPath, baseUrl)));
        }
    }

    private static XElement ExpandTemplate(Context context, XElement representation, string baseUrl, XElement template, TimeSpan? periodDuration)
    {
        var ns = context.Ns;
        var id = representation.Attribute("id")?.Value ?? "";
        var bandwidth = representation.Attribute("bandwidth")?.Value ?? "";
        var timescale = Long(template, "timescale") ?? 1;
        var startNumber = Long(template, "startNumber") ?? 1;
        var presentationTimeOffset = Long(template, "presentationTimeOffset") ?? 0;

        var list = new XElement(ns + "SegmentList", new XAttribute("timescale", timescale), new XAttribute("startNumber", startNumber));
        if (presentationTimeOffset != 0)
        {
            list.Add(new XAttribute("presentationTimeOffset", presentationTimeOffset));
        }
        if (template.Attribute("initialization")?.Value is { } initialization)
        {
            list.Add(new XElement(ns + "Initialization",
                new XAttribute("sourceURL", Link(context, baseUrl, SegmentTemplateUrl.Expand(initialization, id, bandwidth, 0, 0)))));
        }

        var media = template.Attribute("media")?.Value
            ?? throw new InvalidDataException($"Representation {id}: SegmentTemplate has no media attribute.");
        var end = periodDuration is { } total ? (long)Math.Ceiling(total.TotalSeconds * timescale) + presentationTimeOffset : (long?)null;
        var segments = template.Element(ns + "SegmentTimeline") is { } timeline
            ? TimelineSegments(timeline, ns, presentationTimeOffset, end)
            : FixedDurationSegments(Long(template, "duration") ?? throw new InvalidDataException($"Representation {id}: SegmentTemplate has neither SegmentTimeline nor duration."),
                presentationTimeOffset, end ?? throw new InvalidDataException("A SegmentTemplate with @duration needs the MPD's mediaPresentationDuration."));

        if (template.Element(ns + "SegmentTimeline") is not null)
        {
            list.Add(Timeline(ns, segments));
        }
        else
        {
            list.Add(new XAttribute("duration", Long(template, "duration")!.Value));
        }
        var number = startNumber;
        foreach (var (time, _) in segments)
        {
            list.Add(new XElement(ns + "SegmentURL",
                new XAttribute("media", Link(context, baseUrl, SegmentTemplateUrl.Expand(media, id, bandwidth, number++, time)))));
        }
        return list;
    }

    private static List<(long Time, long Duration)> TimelineSegments(XElement timeline, XNamespace ns, long start, long? end)
    {
        var segments = new List<(long, long)>();
        var time = start;
        var entries = timeline.Elements(ns + "S").ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var s = entries[i];
            time = Long(s, "t") ?? time;
            var duration = Long(s, "d") ?? throw new InvalidDataException("A SegmentTimeline S element has no d.");
            var repeat = Long(s, "r") ?? 0;
            if (repeat < 0)
            {
                // r="-1": repeat until the next S's t or the end of the period.
                var until = i + 1 < entries.Count && Long(entries[i + 1], "t") is { } next ? next
                    : end ?? throw new InvalidDataException("r=\"-1\" needs the period's duration.");
                repeat = Math.Max(0, (until - time + duration - 1) / duration - 1);
            }
            for (var r = 0; r <= repeat; r++)
            {
                segments.Add((time, duration));
                time += duration;
            }
        }
        return segments;
    }

    private static List<(long Time, long Duration)> FixedDurationSegments(long duration, long start, long end)
    {
        var segments = new List<(long, long)>();
        for (var time = start; time < end; time += duration)
        {
            segments.Add((time, duration));
        }
        return segments;
    }

    private static XElement Timeline(XNamespace ns, List<(long Time, long Duration)> segments)
    {
        var timeline = new XElement(ns + "SegmentTimeline");
        var i = 0;
        while (i < segments.Count)
        {
            var (time, duration) = segments[i];
            var j = i + 1;
            while (j < segments.Count && segments[j].Duration == duration && segments[j].Time == segments[j - 1].Time + duration)
            {
                j++;
            }
            var s = new XElement(ns + "S", new XAttribute("t", time), new XAttribute("d", duration));
            if (j - i > 1)
            {
                s.Add(new XAttribute("r", j - i - 1));
            }
            timeline.Add(s);
            i = j;
        }
        return timeline;
    }

    /// <summary>A Representation's template: its own attributes and children over the AdaptationSet's.</summary>
    private static XElement Merge(XElement? inherited, XElement? own)
    {
        if (inherited is null)
        {
            return own!;
        }
        if (own is null)
        {
            return inherited;
        }
        var merged = new XElement(inherited);
        foreach (var attribute in own.Attributes())
        {
            merged.SetAttributeValue(attribute.Name, attribute.Value);
        }
        if (own.HasElements)
        {
            merged.RemoveNodes();
            merged.Add(own.Elements());
        }
        return merged;
    }

    private static string Base(Context context, string directory, XElement element) =>
        element.Element(context.Ns + "BaseURL")?.Value.Trim() is { Length: > 0 } baseUrl
            ? MediaPath.Resolve(MediaPath.DirectoryOf(directory), baseUrl) ?? throw new InvalidDataException($"BaseURL '{baseUrl}' is outside the title's folder.")
            : directory;

    private static string Link(Context context, string directory, string reference) =>
        MediaPath.Resolve(MediaPath.DirectoryOf(directory), reference) is { } target ? context.Links.For(context.ManifestPath, target) : reference;

    private static long? Long(XElement element, string attribute) =>
        element.Attribute(attribute)?.Value is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : null;

    private static TimeSpan? PresentationDuration(XElement mpd) => Duration(mpd.Attribute("mediaPresentationDuration"));

    private static TimeSpan? Duration(XAttribute? attribute) => attribute is null ? null : XmlConvert.ToTimeSpan(attribute.Value);

    private sealed class Utf8StringWriter : StringWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
