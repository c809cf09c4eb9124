namespace Streaming.Hosting.Redis;

/// <summary>
/// The redis-server settings every node has, single or clustered, local or in a container: AOF with fsync every
/// second (a restart loses at most about one second of buffered progress), no RDB snapshots, and the memory limit.
/// </summary>
internal static class RedisServerArguments
{
    public static IEnumerable<string> Persistence => ["--appendonly", "yes", "--appendfsync", "everysec", "--save", ""];

    public static IEnumerable<string> Common(RedisMemoryLimit memory) => [.. Persistence, .. memory.Arguments];

    /// <summary>A local redis-server process: on loopback only, in the foreground (DCP watches it), data in <paramref name="dataDirectory"/>.</summary>
    public static IEnumerable<object> Local(object port, string dataDirectory, RedisMemoryLimit memory) =>
        ["--port", port, "--bind", "127.0.0.1", "--dir", dataDirectory, "--daemonize", "no", .. Common(memory)];
}
