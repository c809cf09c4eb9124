using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Outages;

/// <summary>
/// An app of its own for the outage tests: they stop and freeze PostgreSQL, Redis and S3, which would disturb any
/// collection that shares its dependencies.
/// </summary>
public sealed class OutageApp : StreamingApp;

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageApp>
{
    public const string Name = "outages";
}
