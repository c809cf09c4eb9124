using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.RedisCluster;

/// <summary>
/// The app on a local Redis Cluster (3 masters, 3 replicas) with 2 API and 3 worker replicas, as a scaled deployment
/// runs it. Its tests kill cluster nodes, so it is an app of its own.
/// </summary>
public class RedisClusterApp : StreamingApp
{
    public const int ApiReplicas = 2;
    public const int WorkerReplicas = 3;

    /// <summary>The AppHost setting that runs Redis as a local cluster of 3 masters and 3 replicas.</summary>
    public const string RedisClusterSetting = "--LocalInfra:RedisCluster=true";

    protected override IEnumerable<string> AppHostSettings =>
    [
        RedisClusterSetting,
        $"--Replicas:api={ApiReplicas}",
        $"--Replicas:progress-worker={WorkerReplicas}",
    ];
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterApp>
{
    public const string Name = "redis-cluster";
}
