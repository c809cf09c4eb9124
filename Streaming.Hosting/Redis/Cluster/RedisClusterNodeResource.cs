namespace Streaming.Hosting.Redis;

/// <summary>One redis-server process of a local Redis Cluster, with its own folder (nodes.conf and AOF).</summary>
public sealed class RedisClusterNodeResource(string name, string dataDirectory)
    : ExecutableResource(name, "redis-server", dataDirectory)
{
    public EndpointReference ClientEndpoint => new(this, RedisClusterTopology.ClientEndpointName);

    public EndpointReference BusEndpoint => new(this, RedisClusterTopology.BusEndpointName);
}
