using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Streaming.AppHost.Hosting.S3;

/// <summary>
/// Creates the bucket once the server is ready, whichever S3 server runs underneath (MinIO or Swift's s3api), so
/// services that wait for the S3 resource always find it.
/// </summary>
internal static class S3BucketCreation
{
    public static async Task EnsureAsync(string connectionString, string bucketName, CancellationToken cancellationToken)
    {
        using var client = S3AdminClient.Create(connectionString);
        try
        {
            await client.HeadBucketAsync(new() { BucketName = bucketName }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucketName }, cancellationToken);
        }
    }
}
