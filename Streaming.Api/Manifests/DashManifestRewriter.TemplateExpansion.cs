using System.Xml;
using System.Xml.Linq;

namespace Streaming.Api.Manifests;

// Expanding a SegmentTemplate (with a SegmentTimeline or a fixed duration) into the segments it describes, within the caps.
public static partial class DashManifestRewriter
{
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
}
