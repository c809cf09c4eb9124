using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.RedisCluster;
using Xunit.Abstractions;

namespace Streaming.IntegrationTests.Progress;

/// <summary>
/// The progress app on a local Redis Cluster (3 masters, 3 replicas): every progress test runs on the single node
/// (<see cref="ProgressTests"/>, <see cref="PersistIntervalTests"/>) and here, where each shard's keys live in a hash
/// slot of their own, spread over the masters.
/// </summary>
public sealed class ProgressOnRedisClusterApp : ProgressApp
{
    protected override IEnumerable<string> AppHostSettings => [RedisClusterApp.RedisClusterSetting];
}

[CollectionDefinition(Name)]
public sealed class ProgressOnRedisClusterCollection : ICollectionFixture<ProgressOnRedisClusterApp>
{
    public const string Name = "progress-on-redis-cluster";
}

[Collection(ProgressOnRedisClusterCollection.Name)]
[Trait(Suites.Trait, Suites.Extended)]
public sealed class ProgressOnRedisClusterTests(ProgressOnRedisClusterApp app) : ProgressTests(app);

[Collection(ProgressOnRedisClusterCollection.Name)]
[Trait(Suites.Trait, Suites.Extended)]
public sealed class PersistIntervalOnRedisClusterTests(ProgressOnRedisClusterApp app, ITestOutputHelper output)
    : PersistIntervalTests(app, output);
