using System.Xml.Linq;
using Streaming.Api.Manifests;

namespace Streaming.UnitTests.Api.Manifests;

/// <summary>How a SegmentTemplate becomes the segments a player fetches, and which templates are refused.</summary>
public sealed class DashSegmentPlannerTests
{
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    private static XElement Representation(string id = "v0") =>
        new(Mpd + "Representation", new XAttribute("id", id), new XAttribute("bandwidth", "800000"));

    private static XElement Template(string attributes, string timeline = "") =>
        XElement.Parse($"""<SegmentTemplate xmlns="{Mpd}" media="seg_$Number$.m4s" {attributes}>{timeline}</SegmentTemplate>""");

    [Fact]
    public void A_timeline_lists_each_repeat_at_its_time_and_restarts_at_an_explicit_t()
    {
        var plan = DashSegmentPlanner.Plan(Representation(), Template("""timescale="1000" startNumber="5" """,
            """<SegmentTimeline><S t="0" d="4000" r="2"/><S t="20000" d="2000"/></SegmentTimeline>"""), null, new SegmentBudget());

        Assert.Equal([(0L, 4000L), (4000L, 4000L), (8000L, 4000L), (20000L, 2000L)], plan.Segments);
        Assert.Equal((1000L, 5L, (long?)null), (plan.Timescale, plan.StartNumber, plan.Duration));
    }

    [Fact]
    public void A_repeat_of_minus_one_runs_to_the_end_of_the_period()
    {
        var plan = DashSegmentPlanner.Plan(Representation(), Template("""timescale="10" """,
            """<SegmentTimeline><S d="40" r="-1"/></SegmentTimeline>"""), TimeSpan.FromSeconds(18), new SegmentBudget());

        // 18 s at timescale 10 is 180 units: segments at 0, 40, ..., 160, the last one cut by the period's end.
        Assert.Equal(5, plan.Segments.Count);
        Assert.Equal(160, plan.Segments[^1].Time);
    }

    [Fact]
    public void A_fixed_duration_covers_the_period_from_the_presentation_time_offset()
    {
        var plan = DashSegmentPlanner.Plan(Representation(), Template("""timescale="1" duration="4" presentationTimeOffset="100" """),
            TimeSpan.FromSeconds(10), new SegmentBudget());

        Assert.Equal([(100L, 4L), (104L, 4L), (108L, 4L)], plan.Segments);
        Assert.Equal(4, plan.Duration);
    }

    [Fact]
    public void Templates_of_one_manifest_share_the_segment_cap_and_the_one_that_passes_it_is_named()
    {
        var budget = new SegmentBudget();
        var half = $"""<SegmentTimeline><S d="1" r="{ManifestLimits.MaxSegments / 2 - 1}"/></SegmentTimeline>""";
        DashSegmentPlanner.Plan(Representation("video"), Template("", half), null, budget);
        DashSegmentPlanner.Plan(Representation("audio"), Template("", half), null, budget);

        var refused = Assert.Throws<UnusableManifestException>(() =>
            DashSegmentPlanner.Plan(Representation("subtitles"), Template("", """<SegmentTimeline><S d="1"/></SegmentTimeline>"""), null, budget));
        Assert.Contains("Representation subtitles", refused.Message);
        Assert.Contains($"{ManifestLimits.MaxSegments:N0} segments", refused.Message);
    }

    [Fact]
    public void A_repeat_count_beyond_the_cap_is_refused_before_any_segment_is_made()
    {
        // Made one by one, a billion segments would take the process down; the count alone is refused.
        var refused = Assert.Throws<UnusableManifestException>(() => DashSegmentPlanner.Plan(Representation(),
            Template("", """<SegmentTimeline><S d="1" r="999999999"/></SegmentTimeline>"""), null, new SegmentBudget()));
        Assert.Contains("r=\"999999999\"", refused.Message);
    }

    [Theory]
    [InlineData("""timescale="0" duration="4" """, "timescale=\"0\" must be positive")]
    [InlineData("""duration="-4" """, "duration=\"-4\" must be positive")]
    [InlineData("""startNumber="-1" duration="4" """, "startNumber=\"-1\" must not be negative")]
    [InlineData("""duration="4x" """, "is not a whole number")]
    public void Numbers_out_of_range_are_refused_with_the_attribute_that_is_wrong(string attributes, string message)
    {
        var refused = Assert.Throws<UnusableManifestException>(() =>
            DashSegmentPlanner.Plan(Representation(), Template(attributes), TimeSpan.FromSeconds(10), new SegmentBudget()));
        Assert.Contains(message, refused.Message);
    }

    [Fact]
    public void A_fixed_duration_without_a_period_length_is_refused()
    {
        var refused = Assert.Throws<UnusableManifestException>(() =>
            DashSegmentPlanner.Plan(Representation(), Template("""duration="4" """), null, new SegmentBudget()));
        Assert.Contains("mediaPresentationDuration", refused.Message);
    }
}
