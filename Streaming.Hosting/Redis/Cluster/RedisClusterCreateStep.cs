namespace Streaming.Hosting.Redis;

/// <summary>
/// The one-shot step that forms the cluster with <c>redis-cli --cluster create</c> (3 masters, a replica each) once
/// every node answers. Nodes restarted with their nodes.conf rejoin by themselves, so the step forms the cluster only
/// when the first node has no slot assigned yet, and otherwise exits at once. It runs as a resource of its own (its
/// output is in the dashboard), never inside a health check: checks only read.
/// </summary>
internal static class RedisClusterCreateStep
{
    private const string Script = """
        set -eu
        for port in "$@"; do
          until redis-cli -p "$port" ping > /dev/null 2>&1; do sleep 0.2; done
        done
        if redis-cli -p "$1" cluster info | grep -q '^cluster_slots_assigned:0'; then
          nodes=""
          for port in "$@"; do nodes="$nodes 127.0.0.1:$port"; done
          redis-cli --cluster create $nodes --cluster-replicas REPLICAS --cluster-yes
        else
          echo "The cluster is formed already: its nodes rejoined from nodes.conf."
        fi
        """;

    /// <summary><c>sh -c SCRIPT NAME PORT...</c>: the ports become the script's arguments.</summary>
    public static IEnumerable<object> ShellArguments(string name, IEnumerable<object> ports) =>
    [
        "-c",
        Script.Replace("REPLICAS", RedisClusterTopology.ReplicasPerMaster.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
        name,
        .. ports,
    ];
}
