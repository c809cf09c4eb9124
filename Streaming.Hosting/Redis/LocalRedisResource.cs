namespace Streaming.Hosting.Redis;

/// <summary>A redis-server process from the machine's packages, with append-only persistence.</summary>
public sealed class LocalRedisResource(string name, string workingDirectory)
    : ExecutableResource(name, "redis-server", workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");

    /// <summary>The same properties Aspire's Redis container gives (REDIS_HOST, ...), so both modes hand services the same environment.</summary>
    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}")),
        new("Port", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Port)}")),
        new("Password", ReferenceExpression.Create($"")), // loopback only, no password
        new("Uri", ReferenceExpression.Create($"redis://{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}")),
    ];
}
