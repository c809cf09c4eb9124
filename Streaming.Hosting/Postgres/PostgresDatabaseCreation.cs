using Npgsql;

namespace Streaming.Hosting.Postgres;

/// <summary>
/// Creates a database when its server becomes ready, as Aspire.Hosting.PostgreSQL does for its containers; the
/// schema itself is the services' (EF Core migrations).
/// </summary>
internal static class PostgresDatabaseCreation
{
    public static async Task EnsureAsync(string serverConnectionString, string databaseName, CancellationToken cancellationToken)
    {
        await using var server = await PostgresDatabaseConnection.OpenServerAsync(serverConnectionString, cancellationToken);
        if (await PostgresDatabaseConnection.ExistsAsync(server, databaseName, cancellationToken))
        {
            return;
        }
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", server);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }
}
