namespace Streaming.Hosting.Edge;

/// <summary>The caching edge in either mode: an nginx whose access log the AppHost (and tests) can read.</summary>
public interface IEdgeResource : IResourceWithEndpoints, IResourceWithEnvironment, IResourceWithWaitSupport
{
    public const string EndpointName = "http";

    /// <summary>The edge's access log on this machine: one JSON object per request (see <see cref="EdgeAccessLog"/>).</summary>
    string AccessLogPath { get; }
}
