using Streaming.Core.Configuration;
using Streaming.Hosting.Edge;

namespace Streaming.AppHost.Infrastructure;

/// <summary>The caching edge players fetch manifests and segments from (docs/edge.md), in the chosen mode.</summary>
public static class PlaybackEdge
{
    public const int DevelopmentPort = 8006;

    public static IResourceBuilder<IEdgeResource> Add(IDistributedApplicationBuilder builder, InfrastructureMode mode, BackingServices backing)
    {
        var options = LocalInfraOptions.From(builder.Configuration);
        var dataDirectory = Path.Combine(options.DataDirectory, "edge");
        var port = options.Port(DevelopmentPort);
        IResourceBuilder<IEdgeResource> edge = mode == InfrastructureMode.Containers
            ? builder.AddEdgeContainer(ServiceNames.Edge, dataDirectory, port).WithOrigin(backing.S3, BackingServices.BucketName)
            : builder.AddLocalEdge(ServiceNames.Edge, dataDirectory, port).WithOrigin(backing.S3, BackingServices.BucketName);
        return edge;
    }

    /// <summary>The API issues manifest URLs on the edge, and the edge asks the API who may play.</summary>
    public static IResourceBuilder<ProjectResource> DeliversThrough(this IResourceBuilder<ProjectResource> api, IResourceBuilder<IEdgeResource> edge)
    {
        edge.WithAuthorization(api);
        return api.WithEnvironment(SharedSettings.PlaybackDeliverySetting, "edge")
            .WithEnvironment(SharedSettings.EdgePublicUrlSetting, edge.Resource.GetEndpoint(IEdgeResource.EndpointName));
    }
}
