using Streaming.Core.Connections;
using Streaming.Core.Storage;

namespace Streaming.Api.Configuration;

/// <summary>
/// Maps the original spec's environment variables onto the settings the services read, so the API also
/// runs outside Aspire. Inside Aspire the connection strings it is given take their place.
/// </summary>
public static class StreamingConfiguration
{
    public const string RedisHostSetting = "REDIS_HOST";
    public const string S3EndpointSetting = "S3_ENDPOINT_URL";
    public const string S3AccessKeySetting = "S3_ACCESS_KEY";
    public const string S3SecretKeySetting = "S3_SECRET_KEY";

    public static void ApplySpecEnvironmentVariables(this IConfigurationManager configuration)
    {
        if (string.IsNullOrEmpty(configuration.GetConnectionString(ConnectionNames.Redis)) && configuration[RedisHostSetting] is { Length: > 0 } redisHost)
        {
            configuration[$"ConnectionStrings:{ConnectionNames.Redis}"] = redisHost.Contains(':') ? redisHost : $"{redisHost}:6379";
        }
        if (string.IsNullOrEmpty(configuration.GetConnectionString(ConnectionNames.S3)) && configuration[S3EndpointSetting] is { Length: > 0 } s3Endpoint)
        {
            configuration[$"ConnectionStrings:{ConnectionNames.S3}"] =
                S3Connection.Format(s3Endpoint, configuration[S3AccessKeySetting], configuration[S3SecretKeySetting]);
        }
    }
}
