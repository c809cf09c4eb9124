using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Streaming.Hosting.S3;

/// <summary>
/// Creates the bucket once the server is ready, whichever S3 server runs underneath (MinIO or Swift's s3api), so
/// services that wait for the S3 resource always find it.
/// </summary>
public static class S3BucketCreation
{
    /// <summary>
    /// A Swift that is starting answers 503 "Please reduce your request rate" while its account and container servers
    /// come up: to HeadBucket on a fresh machine's first start, and to PutBucket for a few seconds after HeadBucket
    /// answers. That answer is retried for this long.
    /// </summary>
    private static readonly TimeSpan BusyServerPatience = TimeSpan.FromSeconds(60);

    public static async Task EnsureAsync(string connectionString, string bucketName, CancellationToken cancellationToken)
    {
        using var client = S3AdminClient.Create(connectionString);
        var giveUpAt = DateTime.UtcNow + BusyServerPatience;
        while (true)
        {
            try
            {
                try
                {
                    await client.HeadBucketAsync(new() { BucketName = bucketName }, cancellationToken);
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    await client.PutBucketAsync(new PutBucketRequest { BucketName = bucketName }, cancellationToken);
                }
                return;
            }
            catch (AmazonS3Exception busy) when (busy.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < giveUpAt)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }
}
