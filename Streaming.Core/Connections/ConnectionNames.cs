namespace Streaming.Core.Connections;

/// <summary>
/// The names one process uses to reach another: the backing services' connection strings
/// (<c>ConnectionStrings:&lt;name&gt;</c>) and the user service's discovery name. The AppHost names its resources with
/// them and the services look them up by them, so both use these constants.
/// </summary>
public static class ConnectionNames
{
    /// <summary>The PostgreSQL database <c>streaming_db</c> (the database resource, not the server).</summary>
    public const string Database = "streamingdb";

    public const string Redis = "redis";

    public const string S3 = "s3";

    public const string Kafka = "kafka";

    /// <summary>The user service's resource name, which service discovery resolves (<c>http://user-service</c>).</summary>
    public const string UserService = "user-service";
}
