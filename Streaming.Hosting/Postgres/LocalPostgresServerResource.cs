namespace Streaming.Hosting.Postgres;

/// <summary>A PostgreSQL server run from the machine's own binaries (no container).</summary>
public sealed class LocalPostgresServerResource(
    string name, string command, string workingDirectory,
    ParameterResource userName, ParameterResource password, string dataDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public ParameterResource UserName { get; } = userName;
    public ParameterResource Password { get; } = password;
    public string DataDirectory { get; } = dataDirectory;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password}");
}
