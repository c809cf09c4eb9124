using Streaming.Core.Storage;

namespace Streaming.Api.Configuration;

/// <summary>
/// Maps the original spec's environment variables onto the settings the services read, so the API also
/// runs outside Aspire. Inside Aspire the connection strings it is given take their place.
/// </summary>
public static class StreamingConfiguration
{
    public static void ApplySpecEnvironmentVariables(this IConfigurationManager configuration)
    {
        if (string.IsNullOrEmpty(configuration.GetConnectionString("redis")) && configuration["REDIS_HOST"] is { Length: > 0 } redisHost)
        {
            configuration["ConnectionStrings:redis"] = redisHost.Contains(':') ? redisHost : $"{redisHost}:6379";
        }
        if (string.IsNullOrEmpty(configuration.GetConnectionString(S3Connection.ConnectionName)) && configuration["S3_ENDPOINT_URL"] is { Length: > 0 } s3Endpoint)
        {
            configuration[$"ConnectionStrings:{S3Connection.ConnectionName}"] =
                S3Connection.Format(s3Endpoint, configuration["S3_ACCESS_KEY"], configuration["S3_SECRET_KEY"]);
        }
    }
}
