using Streaming.Core.Configuration;
using Streaming.Core.Connections;
using Streaming.Core.Storage;

namespace Streaming.Api.Storage;

/// <summary>
/// Where media lives. <see cref="PublicEndpoint"/> is the address players use: signatures cover the Host
/// header, so signed URLs must be made for it, not for the internal address the API talks to.
/// </summary>
public sealed record S3Options(Uri Endpoint, Uri PublicEndpoint, string AccessKey, string SecretKey, string Bucket)
{
    public const string Region = S3Connection.Region;
    public const string PublicEndpointSetting = "S3_PUBLIC_ENDPOINT_URL";

    public static S3Options From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionNames.S3)
            ?? throw new InvalidOperationException("S3 is not configured: set ConnectionStrings__s3 (Aspire does) or S3_ENDPOINT_URL, S3_ACCESS_KEY and S3_SECRET_KEY.");
        var connection = S3Connection.Parse(connectionString);
        var publicEndpoint = configuration[PublicEndpointSetting] is { Length: > 0 } url ? new Uri(url) : connection.Endpoint;
        return new S3Options(connection.Endpoint, publicEndpoint, connection.AccessKey, connection.SecretKey,
            configuration[SharedSettings.S3BucketNameSetting] is { Length: > 0 } bucket ? bucket : "vod");
    }
}
