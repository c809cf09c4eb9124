using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.RedisCluster;

/// <summary>The app starts on a real Redis Cluster with replicas of its services and serves progress.</summary>
[Collection(RedisClusterCollection.Name)]
[Trait(Suites.Trait, Suites.Extended)]
public sealed class RedisClusterSmokeTests(RedisClusterApp app)
{
    [Fact]
    public async Task The_cluster_forms_with_three_masters_and_a_replica_each_serving_every_slot()
    {
        await using var redis = await ClusterNodes.ConnectAsync(app);

        var configuration = await ClusterNodes.ConfigurationAsync(redis);
        var masters = configuration.Nodes.Where(node => !node.IsReplica).ToList();
        Assert.Equal(3, masters.Count);
        Assert.All(masters, master => Assert.Single(configuration.Nodes, node => node.ParentNodeId == master.NodeId));
        Assert.Equal(ClusterNodes.SlotCount, masters.Sum(master => master.Slots.Sum(range => range.To - range.From + 1)));
        Assert.True(await ClusterNodes.IsOkAsync(redis), "every node says cluster_state:ok with all slots served");
    }

    [Fact]
    public async Task Every_node_is_a_resource_of_its_own_running_its_own_redis_server()
    {
        for (var i = 0; i < ClusterNodes.NodeCount; i++)
        {
            Assert.True(app.App.ResourceNotifications.TryGetCurrentState(ClusterNodes.NodeResource(i), out var node), $"node {i} is a resource");
            Assert.Equal(KnownResourceStates.Running, node.Snapshot.State?.Text);
            Assert.Equal(HealthStatus.Healthy, node.Snapshot.HealthStatus);
            Assert.Contains(node.Snapshot.Properties, p => p.Name == "executable.pid" && p.Value is not null);
        }
        Assert.True(app.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Redis, out var cluster));
        Assert.Equal(HealthStatus.Healthy, cluster.Snapshot.HealthStatus);
    }

    [Fact]
    public async Task A_progress_update_is_taken_and_read_back_through_the_replicated_api()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());
        var movieId = await MediaBucket.UploadTitleAsync(app);

        using (var posted = await viewer.ReportProgressAsync(movieId, 120))
        {
            Assert.True(posted.StatusCode == HttpStatusCode.OK, $"POST progress answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        }
        using var read = await viewer.GetProgressAsync(movieId);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(120, (await Json.ReadAsync(read)).GetProperty("position_seconds").GetInt32());
    }
}
