namespace Streaming.Hosting.Edge;

/// <summary>The official nginx image, rendering the same template with its envsubst entrypoint.</summary>
public sealed class EdgeContainerResource(string name, string accessLogPath) : ContainerResource(name), IEdgeResource
{
    public string AccessLogPath { get; } = accessLogPath;
}
