using System.Xml.Linq;

namespace Streaming.Api.Manifests;

/// <summary>
/// One Representation's segments as its SegmentTemplate describes them: <see cref="Segments"/> holds each segment's
/// start time and duration in <see cref="Timescale"/> units, numbered from <see cref="StartNumber"/>.
/// <see cref="Duration"/> is set when the template gave a fixed duration rather than a SegmentTimeline.
/// </summary>
public sealed record DashSegmentPlan(string Id, string Bandwidth, XElement Template, long Timescale, long StartNumber,
    long PresentationTimeOffset, string Media, long? Duration, IReadOnlyList<(long Time, long Duration)> Segments);
