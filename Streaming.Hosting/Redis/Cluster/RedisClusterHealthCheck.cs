using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.Hosting.Redis;

/// <summary>
/// Reads <c>CLUSTER INFO</c> from every node that answers: healthy when each says <c>cluster_state:ok</c> and all
/// 16,384 slots are served. A node that does not answer (killed, frozen) does not count against the cluster as long
/// as the others report every slot served, which is the case once its replica has taken over.
/// </summary>
internal sealed class RedisClusterHealthCheck(string connectionString) : IHealthCheck
{
    private const int SlotCount = 16384;

    private readonly string[] _nodes = connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var replies = await Task.WhenAll(_nodes.Select(node => ClusterInfoAsync(node, cancellationToken)));
        var answered = replies.OfType<IReadOnlyDictionary<string, string>>().ToList();
        if (answered.Count == 0)
        {
            return HealthCheckResult.Unhealthy("No cluster node answers.");
        }
        var unhappy = _nodes.Zip(replies)
            .Where(pair => pair.Second is { } info && !(info.GetValueOrDefault("cluster_state") == "ok" && info.GetValueOrDefault("cluster_slots_ok") == $"{SlotCount}"))
            .Select(pair => $"{pair.First}: state {pair.Second!.GetValueOrDefault("cluster_state")}, {pair.Second!.GetValueOrDefault("cluster_slots_ok")} slots served")
            .ToList();
        var silent = _nodes.Length - answered.Count;
        return unhappy.Count == 0
            ? HealthCheckResult.Healthy($"cluster_state:ok, all {SlotCount} slots served ({answered.Count} of {_nodes.Length} nodes answer).")
            : HealthCheckResult.Unhealthy($"{string.Join("; ", unhappy)}; {silent} nodes do not answer.");
    }

    private static async Task<IReadOnlyDictionary<string, string>?> ClusterInfoAsync(string node, CancellationToken cancellationToken)
    {
        try
        {
            var info = await RedisProbe.SendAsync(node, "CLUSTER INFO", cancellationToken);
            return info.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0], parts => parts[1]);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
