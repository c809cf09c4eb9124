namespace Streaming.Core.Connections;

/// <summary>
/// The names of the backing services' connection strings (<c>ConnectionStrings:&lt;name&gt;</c>): the AppHost names
/// its resources with them and the services read their connection strings by them, so both use these constants.
/// </summary>
public static class ConnectionNames
{
    /// <summary>The PostgreSQL database <c>streaming_db</c> (the database resource, not the server).</summary>
    public const string Database = "streamingdb";

    public const string Redis = "redis";

    public const string S3 = "s3";

    public const string Kafka = "kafka";
}
