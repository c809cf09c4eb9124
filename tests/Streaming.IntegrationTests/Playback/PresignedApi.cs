using Streaming.AppHost.Infrastructure;
using Streaming.AppHost.Services;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Playback;

/// <summary>
/// A second API in the playback app, delivering presigned (PLAYBACK_DELIVERY=presigned): it rewrites manifests with
/// segment URLs presigned for S3. The tests of that mode's own guarantees call it; players' default path is the edge,
/// through the first API. Same database, Redis, bucket, user service and secret; the first API seeds the sample title.
/// </summary>
public static class PresignedApi
{
    public const string Name = "api-presigned";

    public static IResourceBuilder<ProjectResource> Add(IDistributedApplicationTestingBuilder builder)
    {
        var userService = builder.CreateResourceBuilder<ProjectResource>(ServiceNames.UserService);
        var jwtSecret = builder.CreateResourceBuilder<ParameterResource>("jwt-secret");
        var api = builder.AddStreamingApi(Name, BackingServices.In(builder), userService, jwtSecret);
        return api.DeliveringPresigned()
            .WithEnvironment("PLAYBACK_SAMPLE_TITLE", "false")
            .WithEnvironment("PROGRESS_PERSIST_INTERVAL", "0")
            // Players reach this API at its own address, set as the public base URL; the test's connections (through
            // Aspire's loopback proxy) are a trusted proxy, whose forwarded headers the public base URL overrides.
            .WithEnvironment("PUBLIC_BASE_URL", api.GetEndpoint("http"))
            .WithEnvironment("TRUSTED_PROXIES", "127.0.0.1,::1");
    }
}
