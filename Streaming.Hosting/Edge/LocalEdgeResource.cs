namespace Streaming.Hosting.Edge;

/// <summary>Debian's nginx with njs, started by <c>Edge/run-edge.sh</c> (which exec()s nginx).</summary>
public sealed class LocalEdgeResource(string name, string stateDirectory, string accessLogPath)
    : ExecutableResource(name, "bash", stateDirectory), IEdgeResource
{
    public string AccessLogPath { get; } = accessLogPath;
}
