using System.Text;
using BenchmarkDotNet.Attributes;
using Streaming.Api.Manifests;
using Streaming.Api.Playback;
using Streaming.Api.Storage;

namespace Streaming.Benchmarks.Playback;

/// <summary>
/// A two-hour title, 4-second segments, 3 renditions: 3 media playlists of 1,800 segments (5,400 presigned URLs)
/// plus the master, rewritten cold (what a cache miss costs once per signature window), and the same as a DASH
/// MPD with SegmentTemplate + SegmentTimeline expanded into signed SegmentLists.
/// </summary>
[MemoryDiagnoser]
public class RewriteTwoHourTitleBenchmarks
{
    private const int Segments = 2 * 3600 / 4;
    private static readonly string[] Renditions = ["360p", "720p", "1080p"];
    private static readonly Guid Movie = Guid.Parse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01");

    private readonly S3UrlPresigner _presigner = new(new S3Options(new Uri("http://127.0.0.1:9000"), new Uri("http://127.0.0.1:9000"),
        "vod:minioadmin", "minioadmin", "vod"));
    private readonly string _master = MasterPlaylist();
    private readonly string _media = MediaPlaylist();
    private readonly string _mpd = Mpd();
    private SignatureWindow _window;

    [GlobalSetup]
    public void Setup() => _window = SignatureWindow.Containing(DateTimeOffset.UtcNow, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    [Benchmark(Description = "HLS: master + 3 x 1,800-segment playlists (5,400 URLs)")]
    public int Hls()
    {
        var links = new ManifestLinks(Movie, _presigner.Batch(_window.SignedAt, _window.Lifetime));
        var length = HlsPlaylistRewriter.Rewrite(_master, "index.m3u8", links).Length;
        foreach (var rendition in Renditions)
        {
            length += HlsPlaylistRewriter.Rewrite(_media, $"{rendition}/index.m3u8", links).Length;
        }
        return length;
    }

    [Benchmark(Description = "DASH: MPD, 3 video + 1 audio SegmentTimeline (7,200 URLs)")]
    public int Dash()
    {
        var links = new ManifestLinks(Movie, _presigner.Batch(_window.SignedAt, _window.Lifetime));
        return DashManifestRewriter.Rewrite(_mpd, "index.mpd", links).Length;
    }

    private static string MasterPlaylist()
    {
        var master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        foreach (var rendition in Renditions)
        {
            master.Append("#EXT-X-STREAM-INF:BANDWIDTH=2500000\n").Append(rendition).Append("/index.m3u8\n");
        }
        return master.ToString();
    }

    private static string MediaPlaylist()
    {
        var media = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        for (var i = 1; i <= Segments; i++)
        {
            media.Append("#EXTINF:4.000000,\nchunk_").Append(i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).Append(".ts\n");
        }
        return media.Append("#EXT-X-ENDLIST\n").ToString();
    }

    private static string Mpd()
    {
        var video = string.Join("", Renditions.Select((r, i) =>
            $"""<Representation id="{i}" mimeType="video/mp4" bandwidth="{(i + 1) * 1000000}"><SegmentTemplate timescale="12288" initialization="dash/init-$RepresentationID$.m4s" media="dash/chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1"><SegmentTimeline><S t="0" d="49152" r="{Segments - 1}" /></SegmentTimeline></SegmentTemplate></Representation>"""));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT2H0M0.0S">
              <Period id="0" start="PT0.0S">
                <AdaptationSet id="0" contentType="video">{video}</AdaptationSet>
                <AdaptationSet id="1" contentType="audio"><Representation id="3" mimeType="audio/mp4" bandwidth="96000"><SegmentTemplate timescale="48000" initialization="dash/init-$RepresentationID$.m4s" media="dash/chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1"><SegmentTimeline><S t="0" d="192512" r="{Segments - 1}" /></SegmentTimeline></SegmentTemplate></Representation></AdaptationSet>
              </Period>
            </MPD>
            """;
    }
}
