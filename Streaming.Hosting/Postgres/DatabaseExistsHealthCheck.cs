using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Streaming.Hosting.Postgres;

/// <summary>Ready when the database exists; it only reads (creating it is <see cref="PostgresDatabaseCreation"/>'s job).</summary>
internal sealed class DatabaseExistsHealthCheck(string connectionString, string databaseName) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var server = await PostgresDatabaseConnection.OpenServerAsync(connectionString, cancellationToken);
            return await PostgresDatabaseConnection.ExistsAsync(server, databaseName, cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Database '{databaseName}' does not exist yet.");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }
}
