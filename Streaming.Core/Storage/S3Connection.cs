using System.Data.Common;

namespace Streaming.Core.Storage;

/// <summary>
/// The <c>s3</c> connection string the AppHost gives every service, whichever S3 server runs:
/// <c>Endpoint=http://host:port;AccessKey=...;SecretKey=...</c>.
/// </summary>
public sealed record S3Connection(Uri Endpoint, string AccessKey, string SecretKey)
{
    /// <summary>S3 servers without regions (MinIO, Swift's s3api) take SigV4 signatures for this one.</summary>
    public const string Region = "us-east-1";

    /// <summary>The connection string for the original spec's S3_* variables, for services run outside Aspire.</summary>
    public static string Format(string endpoint, string? accessKey, string? secretKey) =>
        $"Endpoint={endpoint};AccessKey={accessKey};SecretKey={secretKey}";

    /// <exception cref="InvalidOperationException">A part is missing or empty; the message names it.</exception>
    public static S3Connection Parse(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string Part(string name) => parts.TryGetValue(name, out var value) && value is string text && text.Length > 0
            ? text
            : throw new InvalidOperationException($"The S3 connection string has no {name}.");
        return new S3Connection(new Uri(Part("Endpoint")), Part("AccessKey"), Part("SecretKey"));
    }
}
