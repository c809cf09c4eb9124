using Streaming.Core.Connections;
using Streaming.Core.Events;
using Streaming.Hosting.Kafka;
using Streaming.Hosting.Postgres;
using Streaming.Hosting.Redis;
using Streaming.Hosting.S3;

namespace Streaming.AppHost.Infrastructure;

/// <summary>The four backing services, under the same names and connection strings in either mode.</summary>
public sealed record BackingServices(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> S3,
    IResourceBuilder<IResourceWithConnectionString> Kafka)
{
    public const string PostgresName = "postgres";
    public const string DatabaseResourceName = ConnectionNames.Database;
    public const string DatabaseName = "streaming_db";
    public const string RedisName = ConnectionNames.Redis;
    public const string S3Name = ConnectionNames.S3;
    public const string KafkaName = ConnectionNames.Kafka;
    public const string BucketName = "vod";
    public static readonly IReadOnlyList<string> Topics = [StreamEvent.StartTopic, StreamEvent.ProgressTopic, StreamEvent.StopTopic];

    public static BackingServices Add(IDistributedApplicationBuilder builder, InfrastructureMode mode)
    {
        var postgresUser = builder.AddParameter(ModelParameters.PostgresUserParameterName);
        var postgresPassword = builder.AddParameter(ModelParameters.PostgresPasswordParameterName, secret: true);
        var s3AccessKey = builder.AddParameter(ModelParameters.S3AccessKeyParameterName);
        var s3SecretKey = builder.AddParameter(ModelParameters.S3SecretKeyParameterName, secret: true);

        var options = LocalInfraOptions.From(builder.Configuration);
        return mode == InfrastructureMode.Containers
            ? AddContainers(builder, options, postgresUser, postgresPassword, s3AccessKey, s3SecretKey)
            : AddLocal(builder, options, postgresUser, postgresPassword, s3AccessKey, s3SecretKey);
    }

    /// <summary>The backing services of a model that has them already (the AppHost's, seen from a test), by name.</summary>
    public static BackingServices In(IDistributedApplicationBuilder builder) => new(
        builder.CreateResourceBuilder<IResourceWithConnectionString>(DatabaseResourceName),
        builder.CreateResourceBuilder<IResourceWithConnectionString>(RedisName),
        builder.CreateResourceBuilder<IResourceWithConnectionString>(S3Name),
        builder.CreateResourceBuilder<IResourceWithConnectionString>(KafkaName));

    private static BackingServices AddContainers(IDistributedApplicationBuilder builder, LocalInfraOptions options,
        IResourceBuilder<ParameterResource> postgresUser, IResourceBuilder<ParameterResource> postgresPassword,
        IResourceBuilder<ParameterResource> s3AccessKey, IResourceBuilder<ParameterResource> s3SecretKey)
    {
        var database = builder.AddPostgresContainer(PostgresName, postgresUser, postgresPassword, "streaming-postgres-data")
            .AddDatabase(DatabaseResourceName, DatabaseName);
        IResourceBuilder<IResourceWithConnectionString> redis = options.RedisCluster
            ? builder.AddRedisClusterContainers(RedisName, options.DevPorts, options.RedisMemory)
            : builder.AddRedisContainer(RedisName, "streaming-redis-data", options.RedisMemory);
        var s3 = builder.AddMinio(S3Name, BucketName, s3AccessKey, s3SecretKey);
        var kafka = builder.AddKafka(KafkaName, KafkaTopics.From(builder.Configuration, Topics));
        return new(database, redis, s3, kafka);
    }

    private static BackingServices AddLocal(IDistributedApplicationBuilder builder, LocalInfraOptions options,
        IResourceBuilder<ParameterResource> postgresUser, IResourceBuilder<ParameterResource> postgresPassword,
        IResourceBuilder<ParameterResource> s3AccessKey, IResourceBuilder<ParameterResource> s3SecretKey)
    {
        var database = builder.AddLocalPostgres(PostgresName, postgresUser, postgresPassword,
                Path.Combine(options.DataDirectory, "postgres"), options.Port(5435))
            .AddDatabase(DatabaseResourceName, DatabaseName);
        IResourceBuilder<IResourceWithConnectionString> redis = options.RedisCluster
            ? builder.AddLocalRedisCluster(RedisName, Path.Combine(options.DataDirectory, "redis-cluster"), options.DevPorts, options.RedisMemory)
            : builder.AddLocalRedis(RedisName, Path.Combine(options.DataDirectory, "redis"), options.Port(6379), options.RedisMemory);
        var s3 = builder.AddLocalS3(S3Name, BucketName, s3AccessKey, s3SecretKey,
            Path.Combine(options.DataDirectory, "s3"), options.Port(9000));
        var kafka = builder.AddLocalKafka(KafkaName, KafkaTopics.From(builder.Configuration, Topics), options.Port(9092));
        return new(database, redis, s3, kafka);
    }
}
