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
    /// <exception cref="UnusableManifestException">The MPD is over a <see cref="ManifestLimits"/> cap or its numbers cannot describe a title.</exception>
    public static string Rewrite(string mpd, string manifestPath, IManifestLinks links)
    {
        var document = Parse(mpd);
        var root = document.Root ?? throw new UnusableManifestException("The MPD has no root element.");
        XNamespace ns = root.Name.Namespace;
        var context = new Context(ns, manifestPath, links, Duration(root, "mediaPresentationDuration", "MPD"));

        // Every representation is planned (its numbers checked, its segments counted) before any is expanded, so a
        // manifest over the segment cap is refused before the expensive part.
        var changes = new List<Action>();
        var mpdBase = Base(context, MediaPath.DirectoryOf(manifestPath), root);
        foreach (var period in root.Elements(ns + "Period"))
        {
            var periodDuration = Duration(period, "duration", "Period") ?? context.PresentationDuration;
            var periodBase = Base(context, mpdBase, period);
            foreach (var adaptationSet in period.Elements(ns + "AdaptationSet"))
            {
                var setBase = Base(context, periodBase, adaptationSet);
                var setTemplate = adaptationSet.Element(ns + "SegmentTemplate");
                var setList = adaptationSet.Element(ns + "SegmentList");
                foreach (var representation in adaptationSet.Elements(ns + "Representation"))
                {
                    changes.Add(PlanRepresentation(context, representation, Base(context, setBase, representation), setTemplate, setList, periodDuration));
                }
                changes.Add(() =>
                {
                    setTemplate?.Remove();
                    setList?.Remove();
                });
            }
        }
        foreach (var change in changes)
        {
            change();
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

    /// <summary>Times in timescale units stay under this, so that adding one more segment's duration cannot overflow.</summary>
    private const long MaxTime = long.MaxValue / 4;

    private sealed record Context(XNamespace Ns, string ManifestPath, IManifestLinks Links, TimeSpan? PresentationDuration)
    {
        private long _segments;

        /// <summary>Counts segments against <see cref="ManifestLimits.MaxSegments"/> before they are made.</summary>
        public void Reserve(long count, string where, string cause)
        {
            if (count > ManifestLimits.MaxSegments - _segments)
            {
                throw new UnusableManifestException(
                    $"{where}: {cause} makes the manifest more than {ManifestLimits.MaxSegments:N0} segments, the cap for one manifest.");
            }
            _segments += count;
        }
    }

    private sealed record TemplatePlan(string Id, string Bandwidth, XElement Template, long Timescale, long StartNumber,
        long PresentationTimeOffset, string Media, long? Duration, List<(long Time, long Duration)> Segments);

    /// <summary>Checks one Representation and returns the change that rewrites it.</summary>
    private static Action PlanRepresentation(Context context, XElement representation, string baseUrl,
        XElement? setTemplate, XElement? setList, TimeSpan? periodDuration)
    {
        var ns = context.Ns;
        var ownTemplate = representation.Element(ns + "SegmentTemplate");
        var ownList = representation.Element(ns + "SegmentList");
        if (ownTemplate is not null || (setTemplate is not null && ownList is null))
        {
            var plan = PlanTemplate(context, representation, Merge(setTemplate, ownTemplate), periodDuration);
            return () =>
            {
                var list = ExpandTemplate(context, baseUrl, plan);
                ownTemplate?.Remove();
                representation.Add(list);
            };
        }
        if ((ownList ?? setList) is { } segmentList)
        {
            context.Reserve(segmentList.Elements(ns + "SegmentURL").Count(), Where(representation), "its SegmentList");
            return () =>
            {
                var list = new XElement(segmentList);
                foreach (var attribute in list.Descendants().Attributes().Where(a => a.Name.LocalName is "media" or "sourceURL" or "index"))
                {
                    attribute.Value = Link(context, baseUrl, attribute.Value);
                }
                ownList?.Remove();
                representation.Add(list);
            };
        }
        if (baseUrl.Length > 0 && !baseUrl.EndsWith('/'))
        {
            // One file (SegmentBase) that the player fetches in byte ranges from its BaseURL.
            return () => representation.AddFirst(new XElement(ns + "BaseURL", new XAttribute(Marker, "1"), context.Links.For(context.ManifestPath, baseUrl)));
        }
        return static () => { };
    }

    private static TemplatePlan PlanTemplate(Context context, XElement representation, XElement template, TimeSpan? periodDuration)
    {
        var ns = context.Ns;
        var id = representation.Attribute("id")?.Value ?? "";
        var where = Where(representation);
        var bandwidth = representation.Attribute("bandwidth")?.Value ?? "";
        var timescale = Long(template, "timescale", where) ?? 1;
        Refuse(timescale <= 0, template, "timescale", where, "must be positive");
        var startNumber = Long(template, "startNumber", where) ?? 1;
        Refuse(startNumber < 0, template, "startNumber", where, "must not be negative");
        var presentationTimeOffset = Long(template, "presentationTimeOffset", where) ?? 0;
        Refuse(presentationTimeOffset is < 0 or > MaxTime, template, "presentationTimeOffset", where, "is out of range");
        var media = template.Attribute("media")?.Value
            ?? throw new UnusableManifestException($"{where}: SegmentTemplate has no media attribute.");

        long? end = null;
        if (periodDuration is { } total)
        {
            var units = Math.Ceiling(total.TotalSeconds * timescale);
            Refuse(units > MaxTime - presentationTimeOffset, template, "timescale", where,
                $"with a period of {XmlConvert.ToString(total)} counts beyond 64-bit times");
            end = (long)units + presentationTimeOffset;
        }
        long? duration = null;
        List<(long Time, long Duration)> segments;
        if (template.Element(ns + "SegmentTimeline") is { } timeline)
        {
            segments = TimelineSegments(context, where, timeline, presentationTimeOffset, end);
        }
        else
        {
            duration = Long(template, "duration", where)
                ?? throw new UnusableManifestException($"{where}: SegmentTemplate has neither SegmentTimeline nor duration.");
            Refuse(duration <= 0, template, "duration", where, "must be positive");
            segments = FixedDurationSegments(context, where, duration.Value, presentationTimeOffset,
                end ?? throw new UnusableManifestException($"{where}: a SegmentTemplate with duration needs the MPD's mediaPresentationDuration or the Period's duration."));
        }
        Refuse(startNumber > long.MaxValue - segments.Count, template, "startNumber", where, "overflows when counting segments");
        return new TemplatePlan(id, bandwidth, template, timescale, startNumber, presentationTimeOffset, media, duration, segments);
    }

    private static XElement ExpandTemplate(Context context, string baseUrl, TemplatePlan plan)
    {
        var ns = context.Ns;
        var (id, bandwidth, template, segments) = (plan.Id, plan.Bandwidth, plan.Template, plan.Segments);
        var list = new XElement(ns + "SegmentList", new XAttribute("timescale", plan.Timescale), new XAttribute("startNumber", plan.StartNumber));
        if (plan.PresentationTimeOffset != 0)
        {
            list.Add(new XAttribute("presentationTimeOffset", plan.PresentationTimeOffset));
        }
        if (template.Attribute("initialization")?.Value is { } initialization)
        {
            list.Add(new XElement(ns + "Initialization",
                new XAttribute("sourceURL", Link(context, baseUrl, SegmentTemplateUrl.Expand(initialization, id, bandwidth, 0, 0)))));
        }

        if (plan.Duration is { } duration)
        {
            list.Add(new XAttribute("duration", duration));
        }
        else
        {
            list.Add(Timeline(ns, segments));
        }
        var number = plan.StartNumber;
        foreach (var (time, _) in segments)
        {
            list.Add(new XElement(ns + "SegmentURL",
                new XAttribute("media", Link(context, baseUrl, SegmentTemplateUrl.Expand(plan.Media, id, bandwidth, number++, time)))));
        }
        return list;
    }

    private static List<(long Time, long Duration)> TimelineSegments(Context context, string where, XElement timeline, long start, long? end)
    {
        var segments = new List<(long, long)>();
        var time = start;
        var entries = timeline.Elements(context.Ns + "S").ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var s = entries[i];
            if (Long(s, "t", where) is { } t)
            {
                Refuse(t < 0, s, "t", where, "must not be negative");
                time = t;
            }
            var duration = Long(s, "d", where) ?? throw new UnusableManifestException($"{where}: a SegmentTimeline S element has no d.");
            Refuse(duration <= 0, s, "d", where, "must be positive");
            var repeat = Long(s, "r", where) ?? 0;
            Refuse(repeat < -1, s, "r", where, "must be -1 or more");
            long count;
            try
            {
                if (repeat < 0)
                {
                    // r="-1": repeat until the next S's t or the end of the period.
                    var until = i + 1 < entries.Count && Long(entries[i + 1], "t", where) is { } next ? next
                        : end ?? throw new UnusableManifestException($"{where}: S r=\"-1\" needs a following S with t, or the period's duration.");
                    count = Math.Max(1, checked(until - time + duration - 1) / duration);
                }
                else
                {
                    count = checked(repeat + 1);
                }
                context.Reserve(count, where, $"S d=\"{duration}\" r=\"{repeat}\"");
                _ = checked(time + checked(count * duration));
            }
            catch (OverflowException)
            {
                throw new UnusableManifestException($"{where}: S t=\"{time}\" d=\"{duration}\" r=\"{repeat}\" runs beyond 64-bit times.");
            }
            for (var r = 0L; r < count; r++)
            {
                segments.Add((time, duration));
                time += duration;
            }
        }
        return segments;
    }

    private static List<(long Time, long Duration)> FixedDurationSegments(Context context, string where, long duration, long start, long end)
    {
        var count = end <= start ? 0 : (end - start - 1) / duration + 1;
        context.Reserve(count, where, $"SegmentTemplate duration=\"{duration}\"");
        var segments = new List<(long, long)>((int)count);
        var time = start;
        for (var i = 0L; i < count; i++)
        {
            segments.Add((time, duration));
            time += duration;
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
            ? MediaPath.Resolve(MediaPath.DirectoryOf(directory), baseUrl) ?? throw new UnusableManifestException($"BaseURL '{baseUrl}' is outside the title's folder.")
            : directory;

    private static string Link(Context context, string directory, string reference) =>
        MediaPath.Resolve(MediaPath.DirectoryOf(directory), reference) is { } target ? context.Links.For(context.ManifestPath, target) : reference;

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

    private sealed class Utf8StringWriter : StringWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
