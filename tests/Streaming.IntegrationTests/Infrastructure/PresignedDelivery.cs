namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// The AppHost delivers through the edge; collections whose tests are about presigned delivery (the API's
/// rewritten-manifest route, presigned segment URLs and their expiry) run the API in that mode explicitly.
/// </summary>
public static class PresignedDelivery
{
    public const string Setting = "PLAYBACK_DELIVERY";

    public static IResourceBuilder<ProjectResource> DeliveringPresigned(this IResourceBuilder<ProjectResource> api) =>
        api.WithEnvironment(Setting, "presigned");
}
