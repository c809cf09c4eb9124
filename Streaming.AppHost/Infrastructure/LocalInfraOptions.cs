using Streaming.Hosting.Redis;

namespace Streaming.AppHost.Infrastructure;

/// <summary>
/// Where local-mode servers keep their data and which ports they use. The development run uses the
/// original spec's well-known ports and a persistent folder; tests pass <c>LocalInfra:DevPorts=false</c>
/// and a throwaway folder so that runs never collide. The Redis memory limit applies to the Redis container too, and
/// to each node of a Redis Cluster (<c>LocalInfra:RedisCluster=true</c>, both modes).
/// </summary>
public sealed record LocalInfraOptions(string DataDirectory, bool DevPorts, bool RedisCluster, RedisMemoryLimit RedisMemory)
{
    public const string DataDirectorySetting = "LocalInfra:DataDirectory";
    public const string DevPortsSetting = "LocalInfra:DevPorts";
    public const string RedisClusterSetting = "LocalInfra:RedisCluster";
    public const string RedisMaxMemorySetting = "LocalInfra:RedisMaxMemory";
    public const string RedisMaxMemoryPolicySetting = "LocalInfra:RedisMaxMemoryPolicy";

    public static LocalInfraOptions From(IConfiguration configuration)
    {
        var redisCluster = configuration.GetValue(RedisClusterSetting, false);
        return new(
            configuration[DataDirectorySetting] is { Length: > 0 } directory ? Path.GetFullPath(directory) : DefaultDataDirectory(),
            configuration.GetValue(DevPortsSetting, true),
            redisCluster,
            new RedisMemoryLimit(
                configuration[RedisMaxMemorySetting] is { Length: > 0 } maxMemory
                    ? maxMemory
                    : RedisMemoryLimit.DefaultMaxMemory(redisCluster ? RedisClusterTopology.NodeCount : 1),
                configuration[RedisMaxMemoryPolicySetting] is { Length: > 0 } policy ? policy : RedisMemoryLimit.DefaultPolicy));
    }

    public int? Port(int developmentPort) => DevPorts ? developmentPort : null;

    // The PostgreSQL server runs as the 'postgres' user when we are root, so its folder must not sit
    // under /root (mode 700).
    private static string DefaultDataDirectory() => Environment.UserName == "root"
        ? "/var/lib/streaming-dev"
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "streaming-dev");
}
