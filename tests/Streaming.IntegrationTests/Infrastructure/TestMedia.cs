using Amazon.S3.Model;
using Streaming.Core.Storage;

namespace Streaming.IntegrationTests.Infrastructure;

public static class TestMedia
{
    /// <summary>Puts a minimal HLS manifest of a two-hour title, enough for a stream start to succeed.</summary>
    public static async Task<Guid> CreateTitleAsync(this StreamingApp app)
    {
        var movieId = Guid.NewGuid();
        using var s3 = S3Connection.Parse(await app.ConnectionStringAsync(ResourceNames.S3)).CreateClient();
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "vod", Key = $"movies/{movieId}/index.m3u8", ContentType = "application/vnd.apple.mpegurl", UseChunkEncoding = false,
            ContentBody = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:7200\n#EXTINF:7200.0,\nchunk_00001.ts\n#EXT-X-ENDLIST\n",
        });
        return movieId;
    }
}
