using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.RedisCluster;

namespace Streaming.IntegrationTests.Events;

/// <summary>
/// The events app on a local Redis Cluster (3 masters, 3 replicas): the stream events tests run on the single node
/// (<see cref="StreamEventsTests"/>) and here, where the progress-events group reads shards spread over the masters.
/// </summary>
public sealed class EventsOnRedisClusterApp : EventsApp
{
    protected override IEnumerable<string> AppHostSettings => [RedisClusterApp.RedisClusterSetting];
}

[CollectionDefinition(Name)]
public sealed class EventsOnRedisClusterCollection : ICollectionFixture<EventsOnRedisClusterApp>
{
    public const string Name = "events-on-redis-cluster";
}

[Collection(EventsOnRedisClusterCollection.Name)]
[Trait(Suites.Trait, Suites.Extended)]
public sealed class StreamEventsOnRedisClusterTests(EventsOnRedisClusterApp app) : StreamEventsTests(app);
