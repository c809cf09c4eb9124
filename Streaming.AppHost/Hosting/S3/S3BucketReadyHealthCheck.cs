using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streaming.Core.Storage;

namespace Streaming.AppHost.Hosting.S3;

/// <summary>
/// Ready when the bucket answers. A missing bucket is created, so services that wait for the S3 resource
/// always find their bucket, whichever S3 server runs underneath (MinIO or Swift's s3api).
/// </summary>
internal sealed class S3BucketReadyHealthCheck(string connectionString, string bucketName) : IHealthCheck
{
    private readonly AmazonS3Client _client = CreateClient(connectionString);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            try
            {
                await _client.HeadBucketAsync(new() { BucketName = bucketName }, cancellationToken);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                await _client.PutBucketAsync(new Amazon.S3.Model.PutBucketRequest { BucketName = bucketName }, cancellationToken);
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or AmazonClientException)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }

    private static AmazonS3Client CreateClient(string connectionString)
    {
        var connection = S3Connection.Parse(connectionString);
        return new AmazonS3Client(
            new BasicAWSCredentials(connection.AccessKey, connection.SecretKey),
            new AmazonS3Config
            {
                ServiceURL = connection.Endpoint.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = S3Connection.Region,
                MaxErrorRetry = 0,
                Timeout = TimeSpan.FromSeconds(5),
            });
    }
}
