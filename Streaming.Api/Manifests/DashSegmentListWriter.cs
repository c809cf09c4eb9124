using System.Xml.Linq;

namespace Streaming.Api.Manifests;

/// <summary>Writes a planned template as a SegmentList of signed SegmentURLs, keeping the SegmentTimeline for exact timing.</summary>
internal static class DashSegmentListWriter
{
    /// <summary>
    /// The SegmentList that replaces a template: its timing (a SegmentTimeline, or the fixed duration), a signed
    /// Initialization, and one placeholder SegmentURL that <see cref="MpdWriter"/> writes out as every signed SegmentURL.
    /// </summary>
    public static XElement Expand(DashLinks links, string baseUrl, DashSegmentPlan plan)
    {
        var ns = plan.Template.Name.Namespace;
        var (id, bandwidth, template, segments) = (plan.Id, plan.Bandwidth, plan.Template, plan.Segments);
        var list = new XElement(ns + "SegmentList", new XAttribute("timescale", plan.Timescale), new XAttribute("startNumber", plan.StartNumber));
        if (plan.PresentationTimeOffset != 0)
        {
            list.Add(new XAttribute("presentationTimeOffset", plan.PresentationTimeOffset));
        }
        if (template.Attribute("initialization")?.Value is { } initialization)
        {
            list.Add(new XElement(ns + "Initialization",
                new XAttribute("sourceURL", links.Link(baseUrl, SegmentTemplateUrl.Expand(initialization, id, bandwidth, 0, 0)))));
        }

        if (plan.Duration is { } duration)
        {
            list.Add(new XAttribute("duration", duration));
        }
        else
        {
            list.Add(Timeline(ns, segments));
        }
        // Thousands of SegmentURLs: written straight to the output when the document is saved, never as elements.
        var placeholder = new XElement(ns + "SegmentURL");
        placeholder.AddAnnotation(new MpdWriter.SegmentUrls(links, baseUrl, plan));
        list.Add(placeholder);
        return list;
    }

    private static XElement Timeline(XNamespace ns, IReadOnlyList<(long Time, long Duration)> segments)
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
}
