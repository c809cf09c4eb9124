using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Outages;

/// <summary>
/// An app of its own for the outage tests: they stop and freeze PostgreSQL, Redis and S3, which would disturb any
/// collection that shares its dependencies. Its services run with ENABLE_KAFKA=false (the original spec's flag), so
/// that the Kafka-disabled tests share it instead of starting an app for one test; outages with Kafka on are what the
/// fault suite's smoke run covers. Presigned delivery: the storage outage tests are about the API's own manifest route
/// while S3 is frozen (the edge's behaviour in an outage is the edge collection's).
/// </summary>
public sealed class OutageApp : StreamingApp
{
    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var service in new[] { ResourceNames.Api, ResourceNames.ProgressWorker })
        {
            builder.CreateResourceBuilder<ProjectResource>(service).WithEnvironment("ENABLE_KAFKA", "false");
        }
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api).DeliveringPresigned();
    }
}

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageApp>
{
    public const string Name = "outages";
}
