using Streaming.Hosting.S3;

namespace Streaming.Hosting.Edge;

/// <summary>
/// The caching edge between players and the bucket (docs/edge.md): nginx with <c>Edge/nginx.conf.template</c>, the same
/// template in both modes, rendered from environment variables. Only paths differ between the modes. Here: the
/// containers mode (the nginx image) and what both modes share (the origin, the authoriser); the local-process mode is
/// <see cref="LocalEdgeBuilderExtensions"/>.
/// </summary>
public static class EdgeBuilderExtensions
{
    /// <summary>
    /// Where the template, edge.js and edge-media.conf are: copied from this library beside the binaries of the AppHost (and
    /// of every test or benchmark that references it).
    /// </summary>
    public static string ConfigurationDirectory => Path.Combine(AppContext.BaseDirectory, "Edge");

    /// <summary>Adds the nginx image; its access log is written to <paramref name="dataDirectory"/>/logs on this machine.</summary>
    public static IResourceBuilder<EdgeContainerResource> AddEdgeContainer(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, int? port)
    {
        const int containerPort = 8080;
        var logDirectory = Path.Combine(dataDirectory, "logs");
        Directory.CreateDirectory(logDirectory);
        var resource = new EdgeContainerResource(name, Path.Combine(logDirectory, EdgeAccessLog.FileName));
        return builder.AddResource(resource)
            .WithImage(EdgeContainerImageTags.Image, EdgeContainerImageTags.Tag)
            .WithImageRegistry(EdgeContainerImageTags.Registry)
            .WithHttpEndpoint(port: port, targetPort: containerPort, name: IEdgeResource.EndpointName)
            .WithBindMount(ConfigurationDirectory, "/etc/nginx/edge", isReadOnly: true)
            .WithBindMount(logDirectory, "/var/log/edge")
            // The image's entrypoint renders /etc/nginx/edge/*.template into /etc/nginx (so it becomes nginx.conf),
            // replacing only the template's variables.
            .WithEnvironment("NGINX_ENVSUBST_TEMPLATE_DIR", "/etc/nginx/edge")
            .WithEnvironment("NGINX_ENVSUBST_OUTPUT_DIR", "/etc/nginx")
            .WithEnvironment("NGINX_ENVSUBST_FILTER", "^(EDGE_|API_URL|S3_HOST|S3_BUCKET)")
            .WithEnvironment("EDGE_PORT", containerPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("EDGE_LISTEN_HOST", "0.0.0.0")
            .WithEnvironment("EDGE_JS_MODULE", "/etc/nginx/modules/ngx_http_js_module.so")
            .WithEnvironment("EDGE_USER", "nginx")
            .WithEnvironment("EDGE_STATE_DIR", "/var/cache/nginx")
            .WithEnvironment("EDGE_CONFIG_DIR", "/etc/nginx/edge")
            .WithEnvironment("EDGE_LOG_DIR", "/var/log/edge")
            .WithEdgeDefaults();
    }

    /// <summary>
    /// The origin: the bucket at <paramref name="s3"/>, path style, signed with the same S3 credentials the API uses.
    /// S3_HOST is S3_ENDPOINT's host:port (nginx cannot take a URL apart); it is also the Host the signature covers.
    /// </summary>
    public static IResourceBuilder<T> WithOrigin<T>(this IResourceBuilder<T> edge, IResourceBuilder<IResourceWithConnectionString> s3, string bucketName)
        where T : IEdgeResource
    {
        var server = (IS3ServerResource)s3.Resource;
        var host = HostAndPort(edge, server.PrimaryEndpoint);
        return edge.WithReference(s3).WaitFor(s3)
            .WithEnvironment("S3_ENDPOINT", ReferenceExpression.Create($"http://{host}"))
            .WithEnvironment("S3_HOST", host)
            .WithEnvironment("S3_BUCKET", bucketName)
            .WithEnvironment("S3_REGION", "us-east-1")
            .WithEnvironment("S3_ACCESS_KEY", server.AccessKey)
            .WithEnvironment("S3_SECRET_KEY", server.SecretKey);
    }

    /// <summary>Who decides: the API's authorisation route, asked by nginx's auth_request (docs/edge.md).</summary>
    public static IResourceBuilder<T> WithAuthorization<T>(this IResourceBuilder<T> edge, IResourceBuilder<ProjectResource> api)
        where T : IEdgeResource =>
        // Not WaitFor: the API points players at the edge, and the edge answers 503 until the API answers.
        edge.WithEnvironment("API_URL", ReferenceExpression.Create($"http://{HostAndPort(edge, api.GetEndpoint("http"))}"));

    /// <summary>
    /// host:port of an endpoint as nginx must reach it. Local servers listen on 127.0.0.1 only, and nginx would also try
    /// ::1 for "localhost" (a refused connection and an error line per upstream); a container gets Aspire's name.
    /// </summary>
    private static ReferenceExpression HostAndPort<T>(IResourceBuilder<T> edge, EndpointReference endpoint) where T : IEdgeResource =>
        edge.Resource is LocalEdgeResource
            ? ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.IPV4Host)}:{endpoint.Property(EndpointProperty.Port)}")
            : ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}");

    /// <summary>What both modes share: the cache size, the read-only health check and the dashboard counters.</summary>
    internal static IResourceBuilder<T> WithEdgeDefaults<T>(this IResourceBuilder<T> edge) where T : IEdgeResource =>
        edge.WithEnvironment("EDGE_CACHE_MAX_SIZE", "10g")
            // Read-only: /healthz answers from nginx alone, without the API or the bucket.
            .WithHttpHealthCheck("/healthz", endpointName: IEdgeResource.EndpointName)
            .WithTrafficCounters();
}
