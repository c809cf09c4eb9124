using HealthChecks.Redis;

namespace Streaming.AppHost.Hosting.Redis;

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
            .WithEndpoint(LocalRedisResource.EndpointName, endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "tcp";
            })
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--dir");
                context.Args.Add(dataDirectory);
                context.Args.Add("--daemonize");
                context.Args.Add("no");
                foreach (var argument in RedisServerArguments.Common(memory))
                {
                    context.Args.Add(argument);
                }
            })
            .WithConnectionStringHealthCheck(connectionString => new RedisHealthCheck(connectionString));
    }
}
