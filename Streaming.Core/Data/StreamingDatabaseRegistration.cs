using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Streaming.Core.Connections;

namespace Streaming.Core.Data;

public static class StreamingDatabaseRegistration
{
    public const string MaxPoolSizeSetting = "POSTGRES_MAX_POOL_SIZE";

    /// <summary>
    /// Registers <see cref="StreamingDbContext"/> through Aspire's Npgsql integration with a connection pool capped at
    /// <c>POSTGRES_MAX_POOL_SIZE</c> (else <paramref name="defaultMaxPoolSize"/>). Npgsql's default of 100 per process
    /// equals PostgreSQL's default max_connections: one API replica under a burst would take every connection and
    /// leave none for the workers' drain and outbox relay ("53300 too many clients"). The sum over all replicas must
    /// stay under the server's max_connections; a request that finds the pool empty waits within its deadline.
    /// </summary>
    public static void AddStreamingDbContext(this IHostApplicationBuilder builder, int defaultMaxPoolSize, bool healthChecks)
    {
        var maxPoolSize = builder.Configuration.GetValue(MaxPoolSizeSetting, defaultMaxPoolSize);
        if (builder.Configuration.GetConnectionString(ConnectionNames.Database) is { Length: > 0 } connectionString)
        {
            builder.Configuration[$"ConnectionStrings:{ConnectionNames.Database}"] =
                new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxPoolSize }.ConnectionString;
        }
        builder.AddNpgsqlDbContext<StreamingDbContext>(ConnectionNames.Database, settings => settings.DisableHealthChecks = !healthChecks);
    }
}
