using System.Text;
using Streaming.Api.Manifests;

namespace Streaming.UnitTests.Api.Manifests;

/// <summary>
/// Manifests come from third-party packagers: a hostile or broken one is refused with a message naming what is
/// wrong, at once and in bounded memory, never obeyed (before, duration="0" looped while memory grew by gigabytes).
/// </summary>
public sealed class HostileManifestTests
{
    /// <summary>Far above what checking a small manifest costs, far below what obeying a hostile one would.</summary>
    private const long MaxAllocatedBytes = 16 * 1024 * 1024;


    [Fact]
    public void A_SegmentTemplate_duration_of_zero_is_refused()
    {
        var refusal = RefusedMpd(FixedDuration("PT2H", timescale: "1000", duration: "0"));
        Assert.Contains("duration=\"0\"", refusal.Message);
        Assert.Contains("Representation v1", refusal.Message);
    }

    [Fact]
    public void A_negative_SegmentTemplate_duration_is_refused()
    {
        var refusal = RefusedMpd(FixedDuration("PT2H", timescale: "1000", duration: "-4000"));
        Assert.Contains("duration=\"-4000\"", refusal.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-48000")]
    public void A_timescale_that_is_not_positive_is_refused(string timescale)
    {
        Assert.Contains($"timescale=\"{timescale}\"", RefusedMpd(Timeline("""<S t="0" d="4000" r="2" />""", timescale: timescale)).Message);
        Assert.Contains($"timescale=\"{timescale}\"", RefusedMpd(FixedDuration("PT10S", timescale, duration: "4000")).Message);
    }

    [Fact]
    public void A_huge_repeat_count_is_refused_before_the_segments_are_made()
    {
        var refusal = RefusedMpd(Timeline("""<S t="0" d="4000" r="2000000000" />"""));
        Assert.Contains("r=\"2000000000\"", refusal.Message);
        Assert.Contains(ManifestLimits.MaxSegments.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), refusal.Message);
    }

    [Fact]
    public void The_largest_repeat_count_is_refused_without_overflowing()
    {
        Assert.Contains("r=\"9223372036854775807\"", RefusedMpd(Timeline("""<S t="0" d="1" r="9223372036854775807" />""")).Message);
    }

    [Theory]
    [InlineData("""<S t="0" d="0" r="-1" />""", "d=\"0\"")]
    [InlineData("""<S t="0" d="-2000" r="-1" />""", "d=\"-2000\"")]
    [InlineData("""<S t="0" d="4000" r="-2" />""", "r=\"-2\"")]
    [InlineData("""<S t="-4000" d="4000" />""", "t=\"-4000\"")]
    [InlineData("""<S t="0" />""", "no d")]
    public void A_timeline_entry_with_impossible_numbers_is_refused(string entry, string named)
    {
        Assert.Contains(named, RefusedMpd(Timeline(entry)).Message);
    }

    [Fact]
    public void Repeat_until_the_end_without_a_known_end_is_refused()
    {
        var refusal = RefusedMpd(Timeline("""<S t="0" d="4000" r="-1" />""", presentationDuration: null));
        Assert.Contains("r=\"-1\"", refusal.Message);
    }

    [Theory]
    [InlineData("""<S t="9223372036854775000" d="4000" r="10" />""")]
    [InlineData("""<S t="9223372036854775807" d="1" /><S d="1" />""")]
    [InlineData("""<S t="0" d="4611686018427387904" r="1" />""")]
    public void A_timeline_that_runs_past_64_bit_times_is_refused(string entries)
    {
        Assert.Contains("64-bit", RefusedMpd(Timeline(entries)).Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1e999")]
    [InlineData("NaN")]
    [InlineData("4.5")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public void Malformed_or_overflowing_numbers_are_refused_naming_the_attribute(string value)
    {
        Assert.Contains($"d=\"{value}\"", RefusedMpd(Timeline($"""<S t="0" d="{value}" />""")).Message);
        Assert.Contains($"t=\"{value}\"", RefusedMpd(Timeline($"""<S t="{value}" d="4000" />""")).Message);
        Assert.Contains($"r=\"{value}\"", RefusedMpd(Timeline($"""<S t="0" d="4000" r="{value}" />""")).Message);
        Assert.Contains($"timescale=\"{value}\"", RefusedMpd(Timeline("""<S t="0" d="4000" />""", timescale: value)).Message);
        Assert.Contains($"duration=\"{value}\"", RefusedMpd(FixedDuration("PT10S", "1000", value)).Message);
        Assert.Contains($"startNumber=\"{value}\"", RefusedMpd(Timeline("""<S t="0" d="4000" />""", startNumber: value)).Message);
    }

    [Fact]
    public void A_negative_or_overflowing_startNumber_is_refused()
    {
        Assert.Contains("startNumber=\"-1\"", RefusedMpd(Timeline("""<S t="0" d="4000" />""", startNumber: "-1")).Message);
        Assert.Contains("startNumber=\"9223372036854775807\"", RefusedMpd(Timeline("""<S t="0" d="4000" r="1" />""", startNumber: "9223372036854775807")).Message);
    }

    [Theory]
    [InlineData("P10000D")]
    [InlineData("P99999999Y")]
    [InlineData("-PT10S")]
    [InlineData("forever")]
    public void An_absurd_presentation_duration_is_refused(string duration)
    {
        var refusal = RefusedMpd(Timeline("""<S t="0" d="4000" r="-1" />""", presentationDuration: duration));
        Assert.Contains($"mediaPresentationDuration=\"{duration}\"", refusal.Message);
    }

    [Fact]
    public void Repeat_until_the_end_of_a_long_presentation_in_tiny_segments_is_refused_by_the_segment_cap()
    {
        // Within the duration cap, but one-tick segments for a day at 90 kHz would be 7.8 billion segments.
        var refusal = RefusedMpd(Timeline("""<S t="0" d="1" r="-1" />""", presentationDuration: "P1D", timescale: "90000"));
        Assert.Contains("r=\"-1\"", refusal.Message);
    }

    [Fact]
    public void Tiny_fixed_duration_segments_over_a_long_presentation_are_refused_by_the_segment_cap()
    {
        Assert.Contains("duration=\"1\"", RefusedMpd(FixedDuration("P7D", timescale: "90000", duration: "1")).Message);
    }

    [Fact]
    public void A_timescale_that_overflows_with_the_period_is_refused()
    {
        Assert.Contains("timescale=\"9223372036854775807\"", RefusedMpd(FixedDuration("PT2H", timescale: "9223372036854775807", duration: "4000")).Message);
    }

    [Fact]
    public void Segments_beyond_the_cap_in_total_are_refused_although_each_representation_is_under_it()
    {
        var perRepresentation = ManifestLimits.MaxSegments / 2;
        var representations = string.Concat(Enumerable.Range(1, 3).Select(i => $"""
            <Representation id="r{i}" bandwidth="{i}000">
              <SegmentTemplate timescale="1000" media="$RepresentationID$/$Number$.m4s"><SegmentTimeline><S t="0" d="2000" r="{perRepresentation - 1}" /></SegmentTimeline></SegmentTemplate>
            </Representation>
            """));
        var refusal = RefusedMpd($"""<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"><Period><AdaptationSet>{representations}</AdaptationSet></Period></MPD>""");
        Assert.Contains("Representation r3", refusal.Message);
    }

    [Fact]
    public void A_manifest_of_the_segment_cap_is_still_rewritten()
    {
        var mpd = Timeline($"""<S t="0" d="2000" r="{ManifestLimits.MaxSegments - 1}" />""");
        var rewritten = DashManifestRewriter.Rewrite(mpd, "index.mpd", new TestLinks());
        Assert.Contains($"s3:v1/{ManifestLimits.MaxSegments}.m4s", rewritten);
    }

    [Fact]
    public void An_mpd_over_the_size_cap_is_refused()
    {
        var mpd = Timeline("""<S t="0" d="4000" />""").Replace("<Period>", "<!--" + new string('x', ManifestLimits.MaxManifestBytes) + "--><Period>", StringComparison.Ordinal);
        Assert.Contains("bytes", RefusedMpd(mpd).Message);
    }

    [Fact]
    public void A_document_type_definition_is_refused_so_entities_are_never_expanded()
    {
        const string mpd = """
            <?xml version="1.0"?>
            <!DOCTYPE MPD [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"><BaseURL>&c;</BaseURL></MPD>
            """;
        Assert.Contains("DTD", RefusedMpd(mpd).Message);
    }

    [Fact]
    public void Deeply_nested_elements_are_refused()
    {
        var nested = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            nested.Append("<x>");
        }
        for (var i = 0; i < 10_000; i++)
        {
            nested.Append("</x>");
        }
        var mpd = $"""<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"><Period><AdaptationSet><SegmentList>{nested}</SegmentList><Representation id="v" /></AdaptationSet></Period></MPD>""";
        Assert.Contains("deep", RefusedMpd(mpd).Message);
    }

    [Theory]
    [InlineData("$Number%0999999999d$.m4s")]
    [InlineData("$Number%0xd$.m4s")]
    [InlineData("$Number.m4s")]
    [InlineData("$Nope$.m4s")]
    public void A_media_template_that_cannot_be_expanded_is_refused(string media)
    {
        RefusedMpd(Timeline("""<S t="0" d="4000" />""").Replace("$RepresentationID$/$Number$.m4s", media, StringComparison.Ordinal));
    }

    [Fact]
    public void An_hls_playlist_with_more_segments_than_the_cap_is_refused()
    {
        var playlist = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n");
        for (var i = 0; i <= ManifestLimits.MaxSegments; i++)
        {
            playlist.Append("#EXTINF:2,\ns.ts\n");
        }
        var text = playlist.ToString();
        var refusal = Refused(() => HlsPlaylistRewriter.Rewrite(text, "index.m3u8", new TestLinks()), maxAllocatedBytes: 16L * text.Length + MaxAllocatedBytes);
        Assert.Contains("URIs", refusal.Message);
    }

    [Fact]
    public void An_hls_line_longer_than_the_cap_is_refused()
    {
        var playlist = "#EXTM3U\n#EXTINF:2,\n" + new string('a', ManifestLimits.MaxLineLength + 1) + ".ts\n";
        Assert.Contains("Line 3", Refused(() => HlsPlaylistRewriter.Rewrite(playlist, "index.m3u8", new TestLinks())).Message);
    }

    [Fact]
    public void An_hls_playlist_over_the_size_cap_is_refused()
    {
        var playlist = "#EXTM3U\n" + string.Concat(Enumerable.Repeat("#EXT-X-COMMENT:" + new string('x', 1000) + "\n", ManifestLimits.MaxManifestBytes / 1000));
        Assert.Contains("bytes", Refused(() => HlsPlaylistRewriter.Rewrite(playlist, "index.m3u8", new TestLinks())).Message);
    }

    private static UnusableManifestException RefusedMpd(string mpd) =>
        Refused(() => DashManifestRewriter.Rewrite(mpd, "index.mpd", new TestLinks()));

    /// <summary>
    /// Refused with the specific exception, having allocated little: the work done before refusing is measured in bytes
    /// (deterministic), not in wall-clock time (a loaded machine can take any time).
    /// </summary>
    private static UnusableManifestException Refused(Func<string> rewrite, long maxAllocatedBytes = MaxAllocatedBytes)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var refusal = Assert.Throws<UnusableManifestException>(() => rewrite());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(allocated < maxAllocatedBytes, $"Allocated {allocated:N0} bytes before refusing: {refusal.Message}");
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        Assert.True(refusal.Message.Length < 500, $"A message a person can read: {refusal.Message}");
        return refusal;
    }

    private static string Timeline(string entries, string? presentationDuration = "PT2H", string timescale = "1000", string startNumber = "1") => $"""
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"{(presentationDuration is null ? "" : $" mediaPresentationDuration=\"{presentationDuration}\"")}>
          <Period>
            <AdaptationSet mimeType="video/mp4">
              <Representation id="v1" bandwidth="800000">
                <SegmentTemplate timescale="{timescale}" startNumber="{startNumber}" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number$.m4s">
                  <SegmentTimeline>{entries}</SegmentTimeline>
                </SegmentTemplate>
              </Representation>
            </AdaptationSet>
          </Period>
        </MPD>
        """;

    private static string FixedDuration(string presentationDuration, string timescale, string duration) => $"""
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="{presentationDuration}">
          <Period>
            <AdaptationSet mimeType="video/mp4">
              <SegmentTemplate timescale="{timescale}" duration="{duration}" media="$RepresentationID$/$Number$.m4s" />
              <Representation id="v1" bandwidth="800000" />
            </AdaptationSet>
          </Period>
        </MPD>
        """;
}
