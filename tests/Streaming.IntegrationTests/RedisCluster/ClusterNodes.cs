using StackExchange.Redis;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.RedisCluster;

/// <summary>The cluster as its nodes describe it, read through StackExchange.Redis (which discovers it from any node).</summary>
public static class ClusterNodes
{
    public const int NodeCount = 6;
    public const int SlotCount = 16384;

    public static string NodeResource(int index) => $"{ResourceNames.Redis}-node-{index}";

    public static async Task<ConnectionMultiplexer> ConnectAsync(StreamingApp app)
    {
        var options = ConfigurationOptions.Parse(await app.ConnectionStringAsync(ResourceNames.Redis));
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>CLUSTER INFO of one node as name → value (over RESP3 the reply is a verbatim string, "txt:" first).</summary>
    public static async Task<Dictionary<string, string>> InfoAsync(IServer node) =>
        ((string)(await node.ExecuteAsync("CLUSTER", "INFO"))!)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.StartsWith("txt:", StringComparison.Ordinal) ? line[4..] : line)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);

    /// <summary>The masters that serve slots now, with their slot counts, as CLUSTER NODES on a live node says.</summary>
    public static async Task<ClusterConfiguration> ConfigurationAsync(ConnectionMultiplexer redis)
    {
        foreach (var endpoint in redis.GetEndPoints(configuredOnly: true))
        {
            var server = redis.GetServer(endpoint);
            if (server.IsConnected)
            {
                return (await server.ClusterNodesAsync())!;
            }
        }
        throw new InvalidOperationException("No cluster node is connected.");
    }

    /// <summary>True when every node that answers says cluster_state:ok with every slot served.</summary>
    public static async Task<bool> IsOkAsync(ConnectionMultiplexer redis)
    {
        var answered = 0;
        foreach (var endpoint in redis.GetEndPoints(configuredOnly: true))
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsConnected)
            {
                continue;
            }
            var info = await InfoAsync(server);
            if (info["cluster_state"] != "ok" || info["cluster_slots_ok"] != $"{SlotCount}")
            {
                return false;
            }
            answered++;
        }
        return answered > 0;
    }
}
