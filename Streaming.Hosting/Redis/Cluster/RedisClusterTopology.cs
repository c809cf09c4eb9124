using System.Globalization;

namespace Streaming.Hosting.Redis;

/// <summary>The shape of the cluster and the node settings shared by local processes and containers.</summary>
public static class RedisClusterTopology
{
    public const int Masters = 3;
    public const int ReplicasPerMaster = 1;
    public const int NodeCount = Masters * (1 + ReplicasPerMaster);

    /// <summary>Development ports: clients 7000-7005, cluster bus 17000-17005 (Redis's own port + 10000).</summary>
    public const int FirstDevelopmentPort = 7000;
    public const int BusPortOffset = 10000;

    internal const string ClientEndpointName = "tcp";
    internal const string BusEndpointName = "bus";

    /// <summary>
    /// How long a master may stay silent before its replica takes over. A failover takes about this plus one second
    /// (election delay): 3 s keeps it under a player's 10 s report interval and under the API's 4 s request deadline
    /// budget for a retry, and it tolerates a node that a loaded 2-core machine leaves without CPU for a second or two
    /// (Redis's default is 15 s; a shorter timeout would fail over nodes that were only starved of CPU for a moment).
    /// </summary>
    public const int NodeTimeoutMilliseconds = 3000;

    public static string NodeName(string clusterName, int index) => $"{clusterName}-node-{index}";

    public static string CreateStepName(string clusterName) => $"{clusterName}-cluster-create";

    /// <summary>
    /// Cluster settings of every node. <c>cluster-require-full-coverage no</c>: while one master fails over, the other
    /// masters keep serving their users (each user's keys live in one slot); only the failed master's users wait.
    /// </summary>
    public static IEnumerable<object> NodeArguments(object busPort) =>
    [
        "--cluster-enabled", "yes",
        "--cluster-config-file", "nodes.conf",
        "--cluster-port", busPort,
        "--cluster-node-timeout", NodeTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture),
        "--cluster-require-full-coverage", "no",
    ];
}
