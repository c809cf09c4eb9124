namespace Streaming.AppHost.Hosting.Redis;

public static class RedisContainerBuilderExtensions
{
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
