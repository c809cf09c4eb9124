using System.Xml.Linq;
using Streaming.Api.Manifests;

namespace Streaming.UnitTests.Api.Manifests;

public sealed class DashManifestRewriterTests
{
    private static readonly XNamespace Ns = "urn:mpeg:dash:schema:mpd:2011";

    // As ffmpeg 5.1 writes it: audio (4 segments) and video (3 segments) differ in count.
    private const string FfmpegMpd = """
        <?xml version="1.0" encoding="utf-8"?>
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT12.0S" minBufferTime="PT8.0S">
          <Period id="0" start="PT0.0S">
            <AdaptationSet id="0" contentType="video">
              <Representation id="0" mimeType="video/mp4" codecs="avc1.4d401e" bandwidth="793805" width="640" height="360">
                <SegmentTemplate timescale="12288" initialization="dash/init-$RepresentationID$.m4s" media="dash/chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
                  <SegmentTimeline><S t="0" d="49152" r="2" /></SegmentTimeline>
                </SegmentTemplate>
              </Representation>
            </AdaptationSet>
            <AdaptationSet id="1" contentType="audio">
              <Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="96248">
                <SegmentTemplate timescale="48000" initialization="dash/init-$RepresentationID$.m4s" media="dash/chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
                  <SegmentTimeline><S t="0" d="188416" /><S d="192512" r="1" /><S d="2560" /></SegmentTimeline>
                </SegmentTemplate>
              </Representation>
            </AdaptationSet>
          </Period>
        </MPD>
        """;

    [Fact]
    public void SegmentTemplate_with_timeline_becomes_a_signed_SegmentList_per_representation()
    {
        var mpd = XDocument.Parse(DashManifestRewriter.Rewrite(FfmpegMpd, "index.mpd", new TestLinks()));

        Assert.Empty(mpd.Descendants(Ns + "SegmentTemplate"));
        var video = Representation(mpd, "0");
        Assert.Equal("s3:dash/init-0.m4s", video.Element(Ns + "SegmentList")!.Element(Ns + "Initialization")!.Attribute("sourceURL")!.Value);
        Assert.Equal(["s3:dash/chunk-0-00001.m4s", "s3:dash/chunk-0-00002.m4s", "s3:dash/chunk-0-00003.m4s"], Segments(video));
        Assert.Equal("12288", video.Element(Ns + "SegmentList")!.Attribute("timescale")!.Value);

        var audio = Representation(mpd, "2");
        Assert.Equal(4, Segments(audio).Length);
        Assert.Equal("s3:dash/chunk-2-00004.m4s", Segments(audio)[^1]);
        var timeline = audio.Element(Ns + "SegmentList")!.Element(Ns + "SegmentTimeline")!.Elements(Ns + "S")
            .Select(s => $"{s.Attribute("t")?.Value}/{s.Attribute("d")?.Value}/{s.Attribute("r")?.Value}").ToArray();
        Assert.Equal(["0/188416/", "188416/192512/1", "573440/2560/"], timeline);
    }

    [Fact]
    public void Inherited_template_time_addressing_BaseURL_and_SegmentBase_are_signed()
    {
        const string mpd = """
            <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT10S">
              <BaseURL>media/</BaseURL>
              <Period>
                <AdaptationSet mimeType="video/mp4">
                  <SegmentTemplate timescale="1000" duration="4000" media="v_$Bandwidth$_$Time$.m4s" initialization="v_$Bandwidth$.mp4" />
                  <Representation id="hi" bandwidth="5000" />
                  <Representation id="lo" bandwidth="800" />
                </AdaptationSet>
                <AdaptationSet mimeType="audio/mp4">
                  <Representation id="a" bandwidth="128000"><BaseURL>audio/full.mp4</BaseURL><SegmentBase indexRange="0-999" /></Representation>
                </AdaptationSet>
              </Period>
            </MPD>
            """;
        var rewritten = XDocument.Parse(DashManifestRewriter.Rewrite(mpd, "title/index.mpd", new TestLinks()));

        Assert.Equal(["s3:title/media/v_800_0.m4s", "s3:title/media/v_800_4000.m4s", "s3:title/media/v_800_8000.m4s"], Segments(Representation(rewritten, "lo")));
        Assert.Equal("4000", Representation(rewritten, "hi").Element(Ns + "SegmentList")!.Attribute("duration")!.Value);
        Assert.Equal(["s3:title/media/audio/full.mp4"], rewritten.Descendants(Ns + "BaseURL").Select(b => b.Value).ToArray());
    }

    private static XElement Representation(XDocument mpd, string id) =>
        mpd.Descendants(Ns + "Representation").Single(r => r.Attribute("id")!.Value == id);

    private static string[] Segments(XElement representation) =>
        representation.Element(Ns + "SegmentList")!.Elements(Ns + "SegmentURL").Select(s => s.Attribute("media")!.Value).ToArray();
}
