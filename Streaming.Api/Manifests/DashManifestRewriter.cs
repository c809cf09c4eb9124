using System.Xml.Linq;

namespace Streaming.Api.Manifests;

/// <summary>
/// Rewrites an MPD so that every URL a player fetches is signed: a SegmentTemplate is one URL pattern, which
/// cannot carry a signature per object, so it is expanded, per Representation, into a SegmentList with one signed
/// SegmentURL per segment (keeping the SegmentTimeline for exact timing; audio and video may differ in count).
/// BaseURLs are folded into the signed absolute URLs; a single-file Representation (SegmentBase) gets a signed BaseURL.
/// </summary>
public static partial class DashManifestRewriter
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

        return Save(document, mpd.Length);
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
}
