namespace Streaming.Hosting.Edge;

/// <summary>The local-process mode: Debian's nginx, started by <c>Edge/run-edge.sh</c>, with the template the image renders.</summary>
public static class LocalEdgeBuilderExtensions
{
    /// <summary>Adds Debian's nginx (+ libnginx-mod-http-js); state (cache, temp, pid, rendered config) in <paramref name="dataDirectory"/>.</summary>
    public static IResourceBuilder<LocalEdgeResource> AddLocalEdge(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, int? port)
    {
        Directory.CreateDirectory(dataDirectory);
        var logDirectory = Path.Combine(dataDirectory, "logs");
        var resource = new LocalEdgeResource(name, dataDirectory, Path.Combine(logDirectory, EdgeAccessLog.FileName));
        return builder.AddResource(resource)
            .WithLocalEndpoint(IEdgeResource.EndpointName, port, "http")
            .WithArgs(Path.Combine(EdgeBuilderExtensions.ConfigurationDirectory, "run-edge.sh"), dataDirectory)
            .WithEnvironment("EDGE_PORT", resource.GetEndpoint(IEdgeResource.EndpointName).Property(EndpointProperty.TargetPort))
            .WithEnvironment("EDGE_LISTEN_HOST", "127.0.0.1")
            .WithEnvironment("EDGE_JS_MODULE", "/usr/lib/nginx/modules/ngx_http_js_module.so")
            // nginx's workers write the cache: as root they run as root, otherwise the user directive is ignored.
            .WithEnvironment("EDGE_USER", Environment.UserName)
            .WithEnvironment("EDGE_STATE_DIR", dataDirectory)
            .WithEnvironment("EDGE_CONFIG_DIR", EdgeBuilderExtensions.ConfigurationDirectory)
            .WithEnvironment("EDGE_LOG_DIR", logDirectory)
            .WithEdgeDefaults();
    }
}
