using Streaming.Api.Manifests;
using Streaming.Api.Titles;

namespace Streaming.UnitTests.Api.Titles;

public sealed class ManifestDurationTests
{
    [Fact]
    public void An_hls_media_playlist_lasts_the_sum_of_its_extinf_durations()
    {
        const string playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.000,\nchunk_00001.ts\n#EXTINF:4.004,title\nchunk_00002.ts\n#EXTINF:1.5,\r\nchunk_00003.ts\n#EXT-X-ENDLIST\n";

        var answer = ManifestDuration.FromHls(playlist, "360p/index.m3u8");

        Assert.Equal(TimeSpan.FromSeconds(9.504), answer.Duration);
        Assert.Equal(10, ManifestDuration.Seconds(answer.Duration!.Value));
    }

    [Fact]
    public void An_hls_master_playlist_names_its_first_variant_relative_to_itself()
    {
        const string master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2500000\n720p/index.m3u8\n";

        var answer = ManifestDuration.FromHls(master, "index.m3u8");

        Assert.Null(answer.Duration);
        Assert.Equal("360p/index.m3u8", answer.FirstVariantPath);
    }

    [Fact]
    public void A_dash_mpd_lasts_its_media_presentation_duration()
    {
        const string mpd = """
            <?xml version="1.0"?>
            <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT1H2M3.5S"><Period/></MPD>
            """;

        Assert.Equal(new TimeSpan(0, 1, 2, 3, 500), ManifestDuration.FromDash(mpd, "index.mpd"));
        Assert.Equal(3724, ManifestDuration.Seconds(ManifestDuration.FromDash(mpd, "index.mpd")!.Value));
    }

    [Fact]
    public void A_dash_mpd_without_a_duration_says_nothing()
    {
        Assert.Null(ManifestDuration.FromDash("""<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><Period/></MPD>""", "index.mpd"));
    }

    [Theory]
    [InlineData("#EXTM3U\n#EXTINF:abc,\nchunk.ts\n")]
    [InlineData("#EXTM3U\n#EXTINF:-4,\nchunk.ts\n")]
    [InlineData("#EXTM3U\n#EXTINF:700000,\nchunk.ts\n")]
    public void Hostile_hls_durations_are_refused(string playlist)
    {
        Assert.Throws<UnusableManifestException>(() => ManifestDuration.FromHls(playlist, "index.m3u8"));
    }

    [Theory]
    [InlineData("""<MPD mediaPresentationDuration="forever"/>""")]
    [InlineData("""<MPD mediaPresentationDuration="P30D"/>""")]
    [InlineData("""<!DOCTYPE MPD [<!ENTITY a "PT1S">]><MPD mediaPresentationDuration="&a;"/>""")]
    public void Hostile_dash_durations_are_refused(string mpd)
    {
        Assert.Throws<UnusableManifestException>(() => ManifestDuration.FromDash(mpd, "index.mpd"));
    }
}
