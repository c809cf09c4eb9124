namespace Streaming.Hosting.Redis;

/// <summary>The containers mode of a single Redis: Aspire's Redis integration, with AOF and the memory limit.</summary>
public static class RedisBuilderExtensions
{
    /// <summary>
    /// Adds Aspire's Redis container, its data in the volume <paramref name="dataVolumeName"/>, persisted every second
    /// and capped by <paramref name="memory"/>.
    /// </summary>
    public static IResourceBuilder<RedisResource> AddRedisContainer(
        this IDistributedApplicationBuilder builder, string name, string dataVolumeName, RedisMemoryLimit memory) =>
        builder.AddRedis(name)
            .WithImage(RedisContainerImageTags.Image, RedisContainerImageTags.Tag)
            .WithImageRegistry(RedisContainerImageTags.Registry)
            .WithDataVolume(dataVolumeName)
            .WithPersistence(TimeSpan.FromSeconds(1))
            .WithMemoryLimit(memory);

    /// <summary>
    /// Caps the memory of Aspire's Redis container. It starts redis-server through <c>/bin/sh -c "redis-server ..."</c>,
    /// so the limit goes into that command line (arguments after it would go to the shell, not to Redis).
    /// </summary>
    public static IResourceBuilder<RedisResource> WithMemoryLimit(this IResourceBuilder<RedisResource> redis, RedisMemoryLimit memory) =>
        redis.WithArgs(context =>
        {
            var shell = context.Args.IndexOf("-c");
            if (shell < 0 || shell + 1 >= context.Args.Count || context.Args[shell + 1] is not string command)
            {
                throw new InvalidOperationException("Aspire's Redis container no longer starts redis-server through '/bin/sh -c'; pass the memory limit another way.");
            }
            context.Args[shell + 1] = $"{command} {string.Join(' ', memory.Arguments)}";
        });
}
