using System.Globalization;
using System.Text;
using Amazon.S3.Model;
using Streaming.AppHost.Infrastructure;
using Streaming.Core.Storage;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.DeliveryBench;

/// <summary>
/// A title laid out as the ingest stores one (<c>index.m3u8</c> master → <c>v0/index.m3u8</c> → <c>v0/seg_NNNNN.ts</c>,
/// 4-second segments of random bytes), put straight into the bucket.
/// </summary>
public static class SyntheticTitle
{
    public const int SegmentSeconds = 4;

    public static async Task<Guid> UploadAsync(BenchApp app, int segments, int segmentBytes)
    {
        var movie = Guid.NewGuid();
        using var s3 = S3Connection.Parse(await app.ConnectionStringAsync(BackingServices.S3Name)).CreateClient();
        await PutAsync(s3, movie, "index.m3u8", "application/vnd.apple.mpegurl", Encoding.UTF8.GetBytes(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=" + (segmentBytes * 8 / SegmentSeconds).ToString(CultureInfo.InvariantCulture) + "\nv0/index.m3u8\n"));
        var playlist = new StringBuilder($"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{SegmentSeconds}\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        for (var i = 1; i <= segments; i++)
        {
            playlist.Append(CultureInfo.InvariantCulture, $"#EXTINF:{SegmentSeconds}.0,\nseg_{i:D5}.ts\n");
        }
        playlist.Append("#EXT-X-ENDLIST\n");
        await PutAsync(s3, movie, "v0/index.m3u8", "application/vnd.apple.mpegurl", Encoding.UTF8.GetBytes(playlist.ToString()));
        var bytes = new byte[segmentBytes];
        for (var i = 1; i <= segments; i++)
        {
            Random.Shared.NextBytes(bytes);
            await PutAsync(s3, movie, $"v0/seg_{i:D5}.ts", "video/mp2t", bytes);
        }
        return movie;
    }

    private static Task PutAsync(Amazon.S3.AmazonS3Client s3, Guid movie, string path, string contentType, byte[] body) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "vod", Key = $"movies/{movie}/{path}", ContentType = contentType, UseChunkEncoding = false,
            InputStream = new MemoryStream(body),
        });
}
