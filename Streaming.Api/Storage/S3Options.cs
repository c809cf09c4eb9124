using System.Data.Common;

namespace Streaming.Api.Storage;

/// <summary>
/// Where media lives. <see cref="PublicEndpoint"/> is the address players use: signatures cover the Host
/// header, so signed URLs must be made for it, not for the internal address the API talks to.
/// </summary>
public sealed record S3Options(Uri Endpoint, Uri PublicEndpoint, string AccessKey, string SecretKey, string Bucket)
{
    public const string ConnectionName = "s3";
    public const string Region = "us-east-1";

    public static S3Options From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException("S3 is not configured: set ConnectionStrings__s3 (Aspire does) or S3_ENDPOINT_URL, S3_ACCESS_KEY and S3_SECRET_KEY.");
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string Part(string name) => parts.TryGetValue(name, out var value) && value is string text && text.Length > 0
            ? text
            : throw new InvalidOperationException($"The S3 connection string has no {name}.");

        var endpoint = new Uri(Part("Endpoint"));
        var publicEndpoint = configuration["S3_PUBLIC_ENDPOINT_URL"] is { Length: > 0 } url ? new Uri(url) : endpoint;
        return new S3Options(endpoint, publicEndpoint, Part("AccessKey"), Part("SecretKey"),
            configuration["S3_BUCKET_NAME"] is { Length: > 0 } bucket ? bucket : "vod");
    }
}
