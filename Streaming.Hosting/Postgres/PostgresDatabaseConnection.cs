using Npgsql;

namespace Streaming.Hosting.Postgres;

internal static class PostgresDatabaseConnection
{
    /// <summary>A connection to the server's own <c>postgres</c> database, unpooled: it is opened once per check or creation.</summary>
    public static async Task<NpgsqlConnection> OpenServerAsync(string connectionString, CancellationToken cancellationToken)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        var connection = new NpgsqlConnection(server);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static async Task<bool> ExistsAsync(NpgsqlConnection server, string databaseName, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", server) { Parameters = { new() { Value = databaseName } } };
        return await exists.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
