using System.Xml.Linq;

namespace Streaming.Api.Manifests;

// Writing the expanded segments as a SegmentList of signed SegmentURLs.
public static partial class DashManifestRewriter
{
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
        // Thousands of SegmentURLs: written straight to the output when the document is saved, never as elements.
        var placeholder = new XElement(ns + "SegmentURL");
        placeholder.AddAnnotation(new SegmentUrls(context, baseUrl, plan));
        list.Add(placeholder);
        return list;
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
}
