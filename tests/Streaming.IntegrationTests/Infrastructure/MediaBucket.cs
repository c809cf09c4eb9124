using Amazon.S3.Model;
using Streaming.Core.Storage;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>Puts tiny manifests into the bucket, so that starting a stream needs no real video.</summary>
public static class MediaBucket
{
    public const string Name = "vod";

    /// <summary>A two-hour title (one long segment): positions tests report stay within it, so none is clamped.</summary>
    public const string HlsManifest = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:7200
        #EXT-X-MEDIA-SEQUENCE:0
        #EXTINF:7200.000,
        chunk_00001.ts
        #EXT-X-ENDLIST

        """;

    public const string DashManifest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011">
          <Period><AdaptationSet mimeType="video/mp4"><Representation id="1" bandwidth="100000"><BaseURL>chunk_00001.m4s</BaseURL></Representation></AdaptationSet></Period>
        </MPD>

        """;

    /// <summary>A new title with an HLS manifest and, when asked, a DASH one (<see cref="DashManifest"/> unless given).</summary>
    public static async Task<Guid> UploadTitleAsync(StreamingApp app, bool withDash = false, string? dashManifest = null)
    {
        var movieId = Guid.NewGuid();
        using var s3 = S3Connection.Parse(await app.ConnectionStringAsync(ResourceNames.S3)).CreateClient();
        await PutAsync(s3, $"movies/{movieId}/index.m3u8", HlsManifest, "application/vnd.apple.mpegurl");
        if (withDash || dashManifest is not null)
        {
            await PutAsync(s3, $"movies/{movieId}/index.mpd", dashManifest ?? DashManifest, "application/dash+xml");
        }
        return movieId;
    }

    /// <summary>A new title of <paramref name="seconds"/> seconds (HLS only).</summary>
    public static async Task<Guid> UploadTitleOfAsync(StreamingApp app, int seconds)
    {
        var movieId = Guid.NewGuid();
        await UploadAsync(app, movieId, "index.m3u8",
            $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{seconds}\n#EXTINF:{seconds}.000,\nchunk_00001.ts\n#EXT-X-ENDLIST\n",
            "application/vnd.apple.mpegurl");
        return movieId;
    }

    /// <summary>Puts one object of a title (a manifest, a segment) as given.</summary>
    public static async Task UploadAsync(StreamingApp app, Guid movieId, string path, string body, string contentType)
    {
        using var s3 = S3Connection.Parse(await app.ConnectionStringAsync(ResourceNames.S3)).CreateClient();
        await PutAsync(s3, $"movies/{movieId}/{path}", body, contentType);
    }

    private static Task PutAsync(Amazon.S3.AmazonS3Client s3, string key, string body, string contentType) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Name, Key = key, ContentBody = body, ContentType = contentType, UseChunkEncoding = false,
        });
}
