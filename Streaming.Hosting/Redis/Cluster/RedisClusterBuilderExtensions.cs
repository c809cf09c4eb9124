using System.Globalization;

namespace Streaming.Hosting.Redis;

public static class RedisClusterBuilderExtensions
{
    /// <summary>
    /// The containers-mode cluster: six <c>redis</c> containers with cluster mode and a one-shot <c>redis</c> container
    /// that forms it. Every node must be reachable at the address it announces, by clients on the host and by its peers
    /// alike, which a bridge network with published ports cannot give (nodes would announce their container IPs). So
    /// the nodes use the host's network (Linux Docker or Podman) and listen on loopback, like the local processes;
    /// their ports are chosen before start (7000-7005 with development ports, free ones otherwise). Each node keeps
    /// nodes.conf and its AOF in a volume of its own.
    /// </summary>
    public static IResourceBuilder<RedisClusterResource> AddRedisClusterContainers(
        this IDistributedApplicationBuilder builder, string name, bool developmentPorts, RedisMemoryLimit memory)
    {
        var cluster = builder.AddRedisClusterResource(name);
        var nodes = new List<IResourceBuilder<ContainerResource>>();
        for (var i = 0; i < RedisClusterTopology.NodeCount; i++)
        {
            var port = developmentPorts ? RedisClusterTopology.FirstDevelopmentPort + i : LoopbackPorts.Free();
            var busPort = developmentPorts ? port + RedisClusterTopology.BusPortOffset : LoopbackPorts.Free();
            var nodeName = RedisClusterTopology.NodeName(name, i);
            var node = builder.AddContainer(nodeName, RedisContainerImageTags.Image, RedisContainerImageTags.Tag)
                .WithImageRegistry(RedisContainerImageTags.Registry)
                .WithParentRelationship(cluster)
                .WithContainerRuntimeArgs("--network=host")
                .WithEndpoint(port: port, targetPort: port, name: RedisClusterTopology.ClientEndpointName, isProxied: false)
                .WithEndpoint(port: busPort, targetPort: busPort, name: RedisClusterTopology.BusEndpointName, isProxied: false)
                .WithVolume($"streaming-{nodeName}-data", "/data")
                .WithArgs(["--port", Invariant(port), "--bind", "127.0.0.1", "--dir", "/data",
                    .. RedisClusterTopology.NodeArguments(Invariant(busPort)), .. RedisServerArguments.Common(memory)])
                .WithRedisNodeHealthCheck();
            cluster.Resource.AddNode(node.Resource.GetEndpoint(RedisClusterTopology.ClientEndpointName));
            nodes.Add(node);
        }

        var create = builder.AddContainer(RedisClusterTopology.CreateStepName(name), RedisContainerImageTags.Image, RedisContainerImageTags.Tag)
            .WithImageRegistry(RedisContainerImageTags.Registry)
            .WithParentRelationship(cluster)
            .WithContainerRuntimeArgs("--network=host")
            .WithEntrypoint("/bin/sh")
            .WithArgs([.. RedisClusterCreateStep.ShellArguments(name,
                nodes.Select(node => (object)Invariant(node.Resource.GetEndpoint(RedisClusterTopology.ClientEndpointName).TargetPort!.Value)))]);
        foreach (var node in nodes)
        {
            create.WaitFor(node);
        }
        return cluster;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
