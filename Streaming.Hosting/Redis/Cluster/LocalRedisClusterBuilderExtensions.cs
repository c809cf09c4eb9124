namespace Streaming.Hosting.Redis;

public static class LocalRedisClusterBuilderExtensions
{
    /// <summary>
    /// Adds a Redis Cluster of <see cref="RedisClusterTopology.NodeCount"/> local redis-server processes (3 masters, a
    /// replica each), each with its own folder under <paramref name="dataDirectory"/> (nodes.conf and AOF), and the
    /// step that forms it. With <paramref name="developmentPorts"/> the nodes listen on 7000-7005 (bus 17000-17005),
    /// otherwise on free ports (bus ports too: a free port + 10000 may not exist).
    /// </summary>
    public static IResourceBuilder<RedisClusterResource> AddLocalRedisCluster(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, bool developmentPorts, RedisMemoryLimit memory)
    {
        var cluster = builder.AddRedisClusterResource(name);
        var nodes = new List<IResourceBuilder<RedisClusterNodeResource>>();
        for (var i = 0; i < RedisClusterTopology.NodeCount; i++)
        {
            var nodeDirectory = Path.Combine(dataDirectory, $"node-{i}");
            Directory.CreateDirectory(nodeDirectory);
            var port = developmentPorts ? RedisClusterTopology.FirstDevelopmentPort + i : (int?)null;
            var node = builder.AddResource(new RedisClusterNodeResource(RedisClusterTopology.NodeName(name, i), nodeDirectory))
                .WithParentRelationship(cluster)
                .WithLocalEndpoint(RedisClusterTopology.ClientEndpointName, port)
                .WithLocalEndpoint(RedisClusterTopology.BusEndpointName, port + RedisClusterTopology.BusPortOffset)
                .WithRedisNodeHealthCheck();
            var resource = node.Resource;
            node.WithArgs(context =>
            {
                foreach (var argument in RedisServerArguments.Local(resource.ClientEndpoint.Property(EndpointProperty.TargetPort), nodeDirectory, memory)
                    .Concat(RedisClusterTopology.NodeArguments(resource.BusEndpoint.Property(EndpointProperty.TargetPort))))
                {
                    context.Args.Add(argument);
                }
            });
            cluster.Resource.AddNode(resource.ClientEndpoint);
            nodes.Add(node);
        }

        var create = builder.AddExecutable(RedisClusterTopology.CreateStepName(name), "/bin/sh", dataDirectory)
            .WithParentRelationship(cluster)
            .WithArgs(context =>
            {
                foreach (var argument in RedisClusterCreateStep.ShellArguments(name,
                    nodes.Select(node => (object)node.Resource.ClientEndpoint.Property(EndpointProperty.TargetPort))))
                {
                    context.Args.Add(argument);
                }
            });
        foreach (var node in nodes)
        {
            create.WaitFor(node);
        }
        return cluster;
    }

}
