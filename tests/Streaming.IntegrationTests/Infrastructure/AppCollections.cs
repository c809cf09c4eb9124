namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>Tests that only read and write through the services share one started app.</summary>
[CollectionDefinition(Name)]
public sealed class StreamingAppCollection : ICollectionFixture<StreamingApp>
{
    public const string Name = "streaming-app";
}
