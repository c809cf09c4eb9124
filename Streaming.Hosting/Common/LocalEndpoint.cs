namespace Streaming.Hosting.Common;

public static class LocalEndpoint
{
    /// <summary>
    /// An endpoint of a local server process: not proxied (the server itself listens on it), on
    /// <paramref name="port"/> when given (development ports), otherwise on a free port DCP picks.
    /// </summary>
    public static IResourceBuilder<T> WithLocalEndpoint<T>(this IResourceBuilder<T> builder, string name, int? port, string scheme = "tcp")
        where T : IResourceWithEndpoints =>
        builder.WithEndpoint(name, endpoint =>
        {
            endpoint.Port = port;
            endpoint.TargetPort = port;
            endpoint.IsProxied = false;
            endpoint.UriScheme = scheme;
        });
}
