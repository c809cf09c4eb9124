namespace Streaming.AppHost.Hosting.Redis;

/// <summary>
/// The redis-server settings every node has, single or clustered, local or in a container: AOF with fsync every
/// second (a restart loses at most about one second of buffered progress), no RDB snapshots, and the memory limit.
/// </summary>
internal static class RedisServerArguments
{
    public static IEnumerable<string> Persistence => ["--appendonly", "yes", "--appendfsync", "everysec", "--save", ""];

    public static IEnumerable<string> Common(RedisMemoryLimit memory) => [.. Persistence, .. memory.Arguments];
}
