using Amazon.S3.Model;
using Streaming.Core.Storage;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Edge;

/// <summary>Objects put straight into the bucket, and the credential the stub authoriser accepts for their title.</summary>
public static class EdgeObjects
{
    public static string CredentialFor(Guid movie) => $"ok-{movie.ToString()[..8]}";

    public static async Task<byte[]> PutAsync(StreamingApp app, Guid movie, string path, int size, string contentType = "video/mp2t")
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        using var s3 = S3Connection.Parse(await app.ConnectionStringAsync(ResourceNames.S3)).CreateClient();
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "vod", Key = $"movies/{movie}/{path}", InputStream = new MemoryStream(bytes),
            ContentType = contentType, UseChunkEncoding = false,
        });
        return bytes;
    }
}
