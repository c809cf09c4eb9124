using System.Xml.Linq;

namespace Streaming.Api.Manifests;

/// <summary>
/// Rewrites an MPD so that every URL a player fetches is signed: a SegmentTemplate is one URL pattern, which
/// cannot carry a signature per object, so it is expanded, per Representation, into a SegmentList with one signed
/// SegmentURL per segment (keeping the SegmentTimeline for exact timing; audio and video may differ in count).
/// BaseURLs are folded into the signed absolute URLs; a single-file Representation (SegmentBase) gets a signed BaseURL.
/// Reading (<see cref="MpdReader"/>), planning the segments (<see cref="DashSegmentPlanner"/>), writing them
/// (<see cref="DashSegmentListWriter"/>, <see cref="MpdWriter"/>) and signing (<see cref="DashLinks"/>) are types of their own.
/// </summary>
public static class DashManifestRewriter
{
    private static readonly XName Marker = "signed-by-streaming-api";

    /// <exception cref="UnusableManifestException">The MPD is over a <see cref="ManifestLimits"/> cap or its numbers cannot describe a title.</exception>
    public static string Rewrite(string mpd, string manifestPath, IManifestLinks links)
    {
        var document = MpdReader.Parse(mpd);
        var root = document.Root ?? throw new UnusableManifestException("The MPD has no root element.");
        XNamespace ns = root.Name.Namespace;
        var signing = new DashLinks(ns, manifestPath, links);
        var budget = new SegmentBudget();
        var presentationDuration = MpdAttributes.Duration(root, "mediaPresentationDuration", "MPD");

        // Every representation is planned (its numbers checked, its segments counted) before any is expanded, so a
        // manifest over the segment cap is refused before the expensive part.
        var changes = new List<Action>();
        var mpdBase = signing.Base(MediaPath.DirectoryOf(manifestPath), root);
        foreach (var period in root.Elements(ns + "Period"))
        {
            var periodDuration = MpdAttributes.Duration(period, "duration", "Period") ?? presentationDuration;
            var periodBase = signing.Base(mpdBase, period);
            foreach (var adaptationSet in period.Elements(ns + "AdaptationSet"))
            {
                var setBase = signing.Base(periodBase, adaptationSet);
                var setTemplate = adaptationSet.Element(ns + "SegmentTemplate");
                var setList = adaptationSet.Element(ns + "SegmentList");
                foreach (var representation in adaptationSet.Elements(ns + "Representation"))
                {
                    changes.Add(PlanRepresentation(signing, budget, representation, signing.Base(setBase, representation), setTemplate, setList, periodDuration));
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

        return MpdWriter.Save(document, mpd.Length);
    }

    /// <summary>Checks one Representation and returns the change that rewrites it.</summary>
    private static Action PlanRepresentation(DashLinks signing, SegmentBudget budget, XElement representation, string baseUrl,
        XElement? setTemplate, XElement? setList, TimeSpan? periodDuration)
    {
        var ns = representation.Name.Namespace;
        var ownTemplate = representation.Element(ns + "SegmentTemplate");
        var ownList = representation.Element(ns + "SegmentList");
        if (ownTemplate is not null || (setTemplate is not null && ownList is null))
        {
            var plan = DashSegmentPlanner.Plan(representation, Merge(setTemplate, ownTemplate), periodDuration, budget);
            return () =>
            {
                var list = DashSegmentListWriter.Expand(signing, baseUrl, plan);
                ownTemplate?.Remove();
                representation.Add(list);
            };
        }
        if ((ownList ?? setList) is { } segmentList)
        {
            budget.Reserve(segmentList.Elements(ns + "SegmentURL").Count(), MpdAttributes.Where(representation), "its SegmentList");
            return () =>
            {
                var list = new XElement(segmentList);
                foreach (var attribute in list.Descendants().Attributes().Where(a => a.Name.LocalName is "media" or "sourceURL" or "index"))
                {
                    attribute.Value = signing.Link(baseUrl, attribute.Value);
                }
                ownList?.Remove();
                representation.Add(list);
            };
        }
        if (baseUrl.Length > 0 && !baseUrl.EndsWith('/'))
        {
            // One file (SegmentBase) that the player fetches in byte ranges from its BaseURL.
            return () => representation.AddFirst(new XElement(ns + "BaseURL", new XAttribute(Marker, "1"), signing.Object(baseUrl)));
        }
        return static () => { };
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
