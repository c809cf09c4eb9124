using Streaming.Api.Manifests;

namespace Streaming.UnitTests.Api.Manifests;

public sealed class HlsPlaylistRewriterTests
{
    [Fact]
    public void Master_playlist_variants_point_back_to_the_signed_route()
    {
        var master = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=979058,RESOLUTION=640x360\n360p/index.m3u8\n\n" +
                     "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"en\",URI=\"audio/en.m3u8\"\n";
        var rewritten = HlsPlaylistRewriter.Rewrite(master, "index.m3u8", new TestLinks());
        Assert.Equal("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=979058,RESOLUTION=640x360\napi:360p/index.m3u8\n\n" +
                     "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"en\",URI=\"api:audio/en.m3u8\"\n", rewritten);
    }

    [Fact]
    public void Media_playlist_segments_init_and_keys_become_object_links_resolved_against_the_playlist_folder()
    {
        var media = "#EXTM3U\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n#EXT-X-KEY:METHOD=AES-128,URI=\"../keys/k1.key\",IV=0x1\r\n" +
                    "#EXTINF:4.000000,\r\nchunk_00001.ts\r\n#EXTINF:4.0,\r\n./sub/chunk_00002.ts\r\n#EXTINF:4.0,\r\nhttps://cdn.example.com/ad.ts\r\n#EXT-X-ENDLIST";
        var rewritten = HlsPlaylistRewriter.Rewrite(media, "720p/index.m3u8", new TestLinks());
        Assert.Equal("#EXTM3U\n#EXT-X-MAP:URI=\"s3:720p/init.mp4\"\n#EXT-X-KEY:METHOD=AES-128,URI=\"s3:keys/k1.key\",IV=0x1\n" +
                     "#EXTINF:4.000000,\ns3:720p/chunk_00001.ts\n#EXTINF:4.0,\ns3:720p/sub/chunk_00002.ts\n#EXTINF:4.0,\nhttps://cdn.example.com/ad.ts\n#EXT-X-ENDLIST", rewritten);
    }
}
