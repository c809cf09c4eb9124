using Amazon.Runtime;
using Amazon.S3;
using Streaming.Core.Storage;

namespace Streaming.Hosting.S3;

internal static class S3AdminClient
{
    /// <summary>A client for readiness and bucket creation: path-style, no retries, short timeouts.</summary>
    public static AmazonS3Client Create(string connectionString)
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
