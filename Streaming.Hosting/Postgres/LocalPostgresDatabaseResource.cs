namespace Streaming.Hosting.Postgres;

/// <summary>A database on a <see cref="LocalPostgresServerResource"/>; created once its server is ready.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    public LocalPostgresServerResource Parent { get; } = parent;
    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");

    /// <summary>The same properties Aspire's Postgres database gives (STREAMINGDB_HOST, ...), so both modes hand services the same environment.</summary>
    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties()
    {
        var host = Parent.PrimaryEndpoint.Property(EndpointProperty.Host);
        var port = Parent.PrimaryEndpoint.Property(EndpointProperty.Port);
        return
        [
            new("Host", ReferenceExpression.Create($"{host}")),
            new("Port", ReferenceExpression.Create($"{port}")),
            new("Username", ReferenceExpression.Create($"{Parent.UserName}")),
            new("Password", ReferenceExpression.Create($"{Parent.Password}")),
            new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}")),
            new("Uri", ReferenceExpression.Create($"postgresql://{Parent.UserName}:{Parent.Password}@{host}:{port}/{DatabaseName}")),
            new("JdbcConnectionString", ReferenceExpression.Create($"jdbc:postgresql://{host}:{port}/{DatabaseName}")),
        ];
    }
}
