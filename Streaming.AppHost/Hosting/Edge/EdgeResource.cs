namespace Streaming.AppHost.Hosting.Edge;

/// <summary>The caching edge in either mode: an nginx whose access log the AppHost (and tests) can read.</summary>
public interface IEdgeResource : IResourceWithEndpoints, IResourceWithEnvironment, IResourceWithWaitSupport
{
    internal const string EndpointName = "http";

    /// <summary>The edge's access log on this machine: one JSON object per request (see <see cref="EdgeAccessLog"/>).</summary>
    string AccessLogPath { get; }
}

/// <summary>Debian's nginx with njs, started by <c>Edge/run-edge.sh</c> (which exec()s nginx).</summary>
public sealed class LocalEdgeResource(string name, string stateDirectory, string accessLogPath)
    : ExecutableResource(name, "bash", stateDirectory), IEdgeResource
{
    public string AccessLogPath { get; } = accessLogPath;
}

/// <summary>The official nginx image, rendering the same template with its envsubst entrypoint.</summary>
public sealed class EdgeContainerResource(string name, string accessLogPath) : ContainerResource(name), IEdgeResource
{
    public string AccessLogPath { get; } = accessLogPath;
}
