using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Progress;

/// <summary><see cref="ProgressApp"/> with Redis as a local cluster: the same progress tests run against both.</summary>
public sealed class ClusterProgressApp : ProgressApp
{
    protected override IEnumerable<string> AppHostSettings => [RedisClusterSettings.Enabled];
}

[CollectionDefinition(Name)]
public sealed class ClusterProgressCollection : ICollectionFixture<ClusterProgressApp>
{
    public const string Name = "progress-on-redis-cluster";
}
