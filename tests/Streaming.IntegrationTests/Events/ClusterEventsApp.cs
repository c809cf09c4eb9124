using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Events;

/// <summary><see cref="EventsApp"/> with Redis as a local cluster: the same event tests run against both.</summary>
public sealed class ClusterEventsApp : EventsApp
{
    protected override IEnumerable<string> AppHostSettings => [RedisClusterSettings.Enabled];
}

[CollectionDefinition(Name)]
public sealed class ClusterEventsCollection : ICollectionFixture<ClusterEventsApp>
{
    public const string Name = "events-on-redis-cluster";
}
