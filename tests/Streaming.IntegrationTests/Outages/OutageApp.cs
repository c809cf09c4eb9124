using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Outages;

/// <summary>
/// An app of its own for the outage tests: they stop and freeze PostgreSQL, Redis and S3, which would disturb any
/// collection that shares its dependencies. Presigned delivery: the storage outage tests are about the API's own
/// manifest route while S3 is frozen (the edge's behaviour in an outage is the edge collection's).
/// </summary>
public sealed class OutageApp : StreamingApp
{
    protected override void Configure(IDistributedApplicationTestingBuilder builder) =>
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api).DeliveringPresigned();
}

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageApp>
{
    public const string Name = "outages";
}
