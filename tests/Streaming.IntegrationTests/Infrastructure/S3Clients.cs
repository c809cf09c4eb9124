using Amazon.Runtime;
using Amazon.S3;
using Streaming.Core.Storage;

namespace Streaming.IntegrationTests.Infrastructure;

public static class S3Clients
{
    /// <summary>An SDK client for the AppHost's S3 connection (parsed by <see cref="S3Connection.Parse"/>, as the services do).</summary>
    public static AmazonS3Client CreateClient(this S3Connection connection) => new(
        new BasicAWSCredentials(connection.AccessKey, connection.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = connection.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = S3Connection.Region,
            // Swift answers 503 SlowDown ("Please reduce your request rate") when its container server is too busy to
            // record an upload, as on a loaded 2-core machine starting several apps at once (a CI run's delivery smoke
            // died on its first upload after the SDK's default 2 retries). The SDK backs off between attempts.
            MaxErrorRetry = 8,
        });
}
