using Streaming.AppHost.Infrastructure;
using Streaming.Hosting.Edge;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Edge;

/// <summary>
/// Two more edges in the playback app, asking <see cref="StubAuthorizer"/> instead of the API, so the edge's caching,
/// locking, refusals and signing are tested without the API's authorisation route (the app's own edge keeps asking the
/// API). <see cref="WrongKey"/> signs its origin requests with a wrong secret. Each has its own cache and access log.
/// </summary>
public static class StubEdges
{
    public const string Stub = "edge-stub";
    public const string WrongKey = "edge-wrong-key";

    public static readonly string[] Names = [Stub, WrongKey];

    public static void Add(IDistributedApplicationTestingBuilder builder, string dataDirectory, StubAuthorizer authorizer)
    {
        var s3 = builder.CreateResourceBuilder<IResourceWithConnectionString>(ResourceNames.S3);
        builder.AddLocalEdge(Stub, Path.Combine(dataDirectory, Stub), port: null)
            .WithOrigin(s3, BackingServices.BucketName)
            .WithEnvironment("API_URL", authorizer.Url);
        builder.AddLocalEdge(WrongKey, Path.Combine(dataDirectory, WrongKey), port: null)
            .WithOrigin(s3, BackingServices.BucketName)
            .WithEnvironment("API_URL", authorizer.Url)
            .WithEnvironment("S3_SECRET_KEY", "not-the-secret");
    }
}
