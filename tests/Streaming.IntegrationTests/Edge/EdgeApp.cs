using Streaming.AppHost.Hosting.Edge;
using Streaming.AppHost.Infrastructure;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Edge;

/// <summary>
/// The local app with the edge asking <see cref="StubAuthorizer"/> instead of the API, so the edge's caching, locking,
/// refusals and signing are tested without the API's authorisation route. A second edge signs with a wrong secret.
/// </summary>
public sealed class EdgeApp : StreamingApp
{
    public const string WrongKeyEdge = "edge-wrong-key";

    private readonly string _wrongKeyDirectory = Path.Combine(Path.GetTempPath(), $"streaming-edge-wrong-key-{Guid.NewGuid():N}");

    public StubAuthorizer Authorizer { get; } = new();

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        builder.CreateResourceBuilder<LocalEdgeResource>(ServiceNames.Edge).WithEnvironment("API_URL", Authorizer.Url);
        var s3 = builder.CreateResourceBuilder<IResourceWithConnectionString>(ResourceNames.S3);
        builder.AddLocalEdge(WrongKeyEdge, _wrongKeyDirectory, port: null)
            .WithOrigin(s3, BackingServices.BucketName)
            .WithEnvironment("API_URL", Authorizer.Url)
            .WithEnvironment("S3_SECRET_KEY", "not-the-secret");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await WaitForHealthyAsync(ServiceNames.Edge, startup.Token);
        await WaitForHealthyAsync(WrongKeyEdge, startup.Token);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Authorizer.DisposeAsync();
    }

    public string AccessLogPath(string edge = ServiceNames.Edge) => EdgeAccessLogPath(edge);

    public HttpClient CreateEdgeClient(string edge = ServiceNames.Edge) =>
        new() { BaseAddress = App.GetEndpoint(edge, "http"), Timeout = TimeSpan.FromSeconds(60) };
}

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeApp>
{
    public const string Name = "edge";
}
