using System.Data.Common;
using Amazon.Runtime;
using Amazon.S3;

namespace Streaming.FaultSuite;

/// <summary>The AppHost's S3 connection string (Endpoint, AccessKey, SecretKey) as a client.</summary>
public sealed record S3(string Endpoint, string AccessKey, string SecretKey)
{
    public static S3 Parse(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return new((string)parts["Endpoint"], (string)parts["AccessKey"], (string)parts["SecretKey"]);
    }

    public AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
    });
}
