using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.Hosting.S3;

/// <summary>
/// Ready when the server answers HeadBucket for the bucket, found or not. It only reads: the bucket is created once
/// the server is ready (<see cref="S3BucketCreation"/>), and services waiting for the server wait for that too.
/// </summary>
internal sealed class S3ServerHealthCheck(string connectionString, string bucketName) : IHealthCheck
{
    private readonly AmazonS3Client _client = S3AdminClient.Create(connectionString);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.HeadBucketAsync(new() { BucketName = bucketName }, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return HealthCheckResult.Healthy($"The server answers; bucket '{bucketName}' is not created yet.");
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or AmazonClientException)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }
}
