using Microsoft.Extensions.DependencyInjection;

namespace Streaming.IntegrationTests.Model;

/// <summary>
/// <c>LocalInfra:RedisCluster</c> and <c>Replicas:*</c> in the application model. Built, not started: the
/// containers mode cannot run here (no container runtime), so this is its only check; the local cluster also runs for
/// real in the redis-cluster collection.
/// </summary>
public sealed class ScaleOutModelTests
{
    private const string Cluster = "--LocalInfra:RedisCluster=true";

    [Fact]
    public async Task Local_cluster_is_six_redis_server_processes_each_with_its_own_folder_aof_and_memory_limit()
    {
        await using var app = await ModelApp.BuildAsync("local", Cluster, "--LocalInfra:RedisMaxMemory=77mb");

        var nodes = Nodes(app).Cast<ExecutableResource>().ToList();
        Assert.All(nodes, node => Assert.Equal("redis-server", node.Command));
        Assert.Equal(6, nodes.Select(node => node.WorkingDirectory).Distinct().Count());
        foreach (var node in nodes)
        {
            var arguments = await ModelApp.ArgumentsAsync(node);
            Assert.Contains("--cluster-enabled yes", arguments);
            Assert.Contains("--cluster-config-file nodes.conf", arguments);
            Assert.Contains("--cluster-node-timeout 3000", arguments);
            Assert.Contains("--appendonly yes --appendfsync everysec", arguments);
            Assert.Contains("--maxmemory 77mb --maxmemory-policy noeviction", arguments);
            Assert.Contains($"--dir {node.WorkingDirectory}", arguments);
        }
        var create = Assert.IsType<ExecutableResource>(ModelApp.Resource(app, "redis-cluster-create"), exactMatch: false);
        Assert.Contains("redis-cli --cluster create", await ModelApp.ArgumentsAsync(create));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    public async Task With_development_ports_the_nodes_listen_on_7000_to_7005_and_the_connection_string_lists_them_all(string mode)
    {
        await using var app = await ModelApp.BuildAsync(mode, Cluster, "--LocalInfra:DevPorts=true");

        var nodes = Nodes(app);
        Assert.Equal(Enumerable.Range(7000, 6), nodes.Select(node => Endpoint(node, "tcp").Port!.Value));
        Assert.Equal(Enumerable.Range(17000, 6), nodes.Select(node => Endpoint(node, "bus").Port!.Value));
        Assert.All(nodes, node => Assert.False(Endpoint(node, "tcp").IsProxied));
        var redis = Assert.IsAssignableFrom<IResourceWithConnectionString>(ModelApp.Resource(app, "redis"));
        var listed = redis.ConnectionStringExpression.ValueExpression.Split(',');
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"redis-node-{i}"), listed.Select(entry => entry.TrimStart('{').Split('.')[0]));
    }

    [Fact]
    public async Task Containers_cluster_is_six_redis_containers_on_the_host_network_and_a_one_shot_create_container()
    {
        await using var app = await ModelApp.BuildAsync("containers", Cluster, "--LocalInfra:RedisMaxMemory=77mb");

        foreach (var node in Nodes(app).Cast<ContainerResource>())
        {
            Assert.True(node.TryGetContainerImageName(out var image));
            Assert.Equal("docker.io/library/redis:7.4.2", image); // Aspire's own Redis image
            var arguments = await ModelApp.ArgumentsAsync(node);
            Assert.Contains("--cluster-enabled yes", arguments);
            Assert.Contains("--appendonly yes", arguments);
            Assert.Contains("--maxmemory 77mb --maxmemory-policy noeviction", arguments);
            Assert.Contains(node.Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Target == "/data");
            Assert.Contains(node.Annotations.OfType<ContainerRuntimeArgsCallbackAnnotation>(), _ => true);
        }
        var create = Assert.IsType<ContainerResource>(ModelApp.Resource(app, "redis-cluster-create"), exactMatch: false);
        Assert.Contains("redis-cli --cluster create", await ModelApp.ArgumentsAsync(create));
        Assert.Contains(create.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == "redis-node-5");
    }

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    public async Task The_single_redis_stays_the_default(string mode)
    {
        await using var app = await ModelApp.BuildAsync(mode);

        Assert.DoesNotContain(app.Services.GetRequiredService<DistributedApplicationModel>().Resources, r => r.Name.StartsWith("redis-node-", StringComparison.Ordinal));
        Assert.IsNotType<Streaming.Hosting.Redis.RedisClusterResource>(ModelApp.Resource(app, "redis"));
    }

    [Fact]
    public async Task Replicas_settings_run_that_many_api_and_worker_processes_sharing_their_connection_pools_behind_one_proxied_address()
    {
        await using var app = await ModelApp.BuildAsync("local", "--Replicas:api=2", "--Replicas:progress-worker=3");

        Assert.Equal(2, Replicas(ModelApp.Resource(app, "api")));
        Assert.Equal(3, Replicas(ModelApp.Resource(app, "progress-worker")));
        Assert.Equal(1, Replicas(ModelApp.Resource(app, "user-service")));
        Assert.Equal("20", (await ModelApp.EnvironmentAsync(app, "api"))["POSTGRES_MAX_POOL_SIZE"]);
        Assert.Equal("4", (await ModelApp.EnvironmentAsync(app, "progress-worker"))["POSTGRES_MAX_POOL_SIZE"]);
        Assert.All(ModelApp.Resource(app, "api").Annotations.OfType<EndpointAnnotation>(), endpoint => Assert.True(endpoint.IsProxied));
    }

    [Fact]
    public async Task By_default_each_service_runs_once_with_its_own_pool_size()
    {
        await using var app = await ModelApp.BuildAsync("local");

        foreach (var service in new[] { "api", "progress-worker" })
        {
            Assert.Equal(1, Replicas(ModelApp.Resource(app, service)));
            Assert.DoesNotContain("POSTGRES_MAX_POOL_SIZE", (await ModelApp.EnvironmentAsync(app, service)).Keys);
        }
    }

    private static List<IResourceWithEndpoints> Nodes(DistributedApplication app) =>
        Enumerable.Range(0, 6).Select(i => (IResourceWithEndpoints)ModelApp.Resource(app, $"redis-node-{i}")).ToList();

    private static EndpointAnnotation Endpoint(IResource resource, string name) =>
        resource.Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == name);

    private static int Replicas(IResource resource) =>
        resource.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
}
