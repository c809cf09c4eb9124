using HealthChecks.Redis;

namespace Streaming.Hosting.Redis;

public static class LocalRedisBuilderExtensions
{
    /// <summary>
    /// Adds redis-server with AOF (fsync every second): a Redis restart loses at most about one second of
    /// buffered progress. Data lives in <paramref name="dataDirectory"/>; memory is capped by <paramref name="memory"/>.
    /// </summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, int? port, RedisMemoryLimit memory)
    {
        Directory.CreateDirectory(dataDirectory);
        var resource = new LocalRedisResource(name, dataDirectory);
        return builder.AddResource(resource)
            .WithLocalEndpoint(LocalRedisResource.EndpointName, port)
            .WithArgs(context =>
            {
                foreach (var argument in RedisServerArguments.Local(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort), dataDirectory, memory))
                {
                    context.Args.Add(argument);
                }
            })
            .WithConnectionStringHealthCheck(connectionString => new RedisHealthCheck(connectionString));
    }
}
