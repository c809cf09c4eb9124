using System.Xml;
using System.Xml.Linq;

namespace Streaming.Api.Manifests;

/// <summary>
/// Expands a DASH SegmentTemplate (with a SegmentTimeline or a fixed duration) into the segments it describes: the
/// numbers are checked, and the count is reserved against the manifest's segment cap before any segment is made.
/// </summary>
public static class DashSegmentPlanner
{
    /// <summary>Times in timescale units stay under this, so that adding one more segment's duration cannot overflow.</summary>
    private const long MaxTime = long.MaxValue / 4;

    /// <summary>Checks a Representation's template and lists its segments, counted against <paramref name="budget"/>.</summary>
    /// <exception cref="UnusableManifestException">A number is out of range, or the segments pass the manifest's cap.</exception>
    public static DashSegmentPlan Plan(XElement representation, XElement template, TimeSpan? periodDuration, SegmentBudget budget)
    {
        var ns = template.Name.Namespace;
        var id = representation.Attribute("id")?.Value ?? "";
        var where = MpdAttributes.Where(representation);
        var bandwidth = representation.Attribute("bandwidth")?.Value ?? "";
        var timescale = MpdAttributes.Long(template, "timescale", where) ?? 1;
        MpdAttributes.Refuse(timescale <= 0, template, "timescale", where, "must be positive");
        var startNumber = MpdAttributes.Long(template, "startNumber", where) ?? 1;
        MpdAttributes.Refuse(startNumber < 0, template, "startNumber", where, "must not be negative");
        var presentationTimeOffset = MpdAttributes.Long(template, "presentationTimeOffset", where) ?? 0;
        MpdAttributes.Refuse(presentationTimeOffset is < 0 or > MaxTime, template, "presentationTimeOffset", where, "is out of range");
        var media = template.Attribute("media")?.Value
            ?? throw new UnusableManifestException($"{where}: SegmentTemplate has no media attribute.");

        long? end = null;
        if (periodDuration is { } total)
        {
            var units = Math.Ceiling(total.TotalSeconds * timescale);
            MpdAttributes.Refuse(units > MaxTime - presentationTimeOffset, template, "timescale", where,
                $"with a period of {XmlConvert.ToString(total)} counts beyond 64-bit times");
            end = (long)units + presentationTimeOffset;
        }
        long? duration = null;
        List<(long Time, long Duration)> segments;
        if (template.Element(ns + "SegmentTimeline") is { } timeline)
        {
            segments = TimelineSegments(budget, where, timeline, presentationTimeOffset, end);
        }
        else
        {
            duration = MpdAttributes.Long(template, "duration", where)
                ?? throw new UnusableManifestException($"{where}: SegmentTemplate has neither SegmentTimeline nor duration.");
            MpdAttributes.Refuse(duration <= 0, template, "duration", where, "must be positive");
            segments = FixedDurationSegments(budget, where, duration.Value, presentationTimeOffset,
                end ?? throw new UnusableManifestException($"{where}: a SegmentTemplate with duration needs the MPD's mediaPresentationDuration or the Period's duration."));
        }
        MpdAttributes.Refuse(startNumber > long.MaxValue - segments.Count, template, "startNumber", where, "overflows when counting segments");
        return new DashSegmentPlan(id, bandwidth, template, timescale, startNumber, presentationTimeOffset, media, duration, segments);
    }

    private static List<(long Time, long Duration)> TimelineSegments(SegmentBudget budget, string where, XElement timeline, long start, long? end)
    {
        var segments = new List<(long, long)>();
        var time = start;
        var entries = timeline.Elements(timeline.Name.Namespace + "S").ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var s = entries[i];
            if (MpdAttributes.Long(s, "t", where) is { } t)
            {
                MpdAttributes.Refuse(t < 0, s, "t", where, "must not be negative");
                time = t;
            }
            var duration = MpdAttributes.Long(s, "d", where) ?? throw new UnusableManifestException($"{where}: a SegmentTimeline S element has no d.");
            MpdAttributes.Refuse(duration <= 0, s, "d", where, "must be positive");
            var repeat = MpdAttributes.Long(s, "r", where) ?? 0;
            MpdAttributes.Refuse(repeat < -1, s, "r", where, "must be -1 or more");
            long count;
            try
            {
                if (repeat < 0)
                {
                    // r="-1": repeat until the next S's t or the end of the period.
                    var until = i + 1 < entries.Count && MpdAttributes.Long(entries[i + 1], "t", where) is { } next ? next
                        : end ?? throw new UnusableManifestException($"{where}: S r=\"-1\" needs a following S with t, or the period's duration.");
                    count = Math.Max(1, checked(until - time + duration - 1) / duration);
                }
                else
                {
                    count = checked(repeat + 1);
                }
                budget.Reserve(count, where, $"S d=\"{duration}\" r=\"{repeat}\"");
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

    private static List<(long Time, long Duration)> FixedDurationSegments(SegmentBudget budget, string where, long duration, long start, long end)
    {
        var count = end <= start ? 0 : (end - start - 1) / duration + 1;
        budget.Reserve(count, where, $"SegmentTemplate duration=\"{duration}\"");
        var segments = new List<(long, long)>((int)count);
        var time = start;
        for (var i = 0L; i < count; i++)
        {
            segments.Add((time, duration));
            time += duration;
        }
        return segments;
    }
}
