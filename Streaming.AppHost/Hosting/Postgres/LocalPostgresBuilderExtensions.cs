using System.Diagnostics;
using HealthChecks.NpgSql;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Streaming.AppHost.Hosting.Postgres;

public static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// Adds PostgreSQL from Debian's binaries. The cluster is initialised on first start in
    /// <paramref name="dataDirectory"/> and reused afterwards, so data survives restarts of the app.
    /// </summary>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource> userName, IResourceBuilder<ParameterResource> password,
        string dataDirectory, int? port)
    {
        var binDirectory = FindPostgresBinDirectory();
        var postgresExecutable = Path.Combine(binDirectory, "postgres");
        // PostgreSQL refuses to run as root. setpriv exec()s postgres, so DCP still owns and stops the server itself.
        var asRoot = Environment.UserName == "root";
        var resource = new LocalPostgresServerResource(
            name, asRoot ? "setpriv" : postgresExecutable, dataDirectory,
            userName.Resource, password.Resource, dataDirectory);

        return builder.AddResource(resource)
            .WithLocalEndpoint(LocalPostgresServerResource.EndpointName, port)
            .WithArgs(context =>
            {
                if (asRoot)
                {
                    context.Args.Add("--reuid=postgres");
                    context.Args.Add("--regid=postgres");
                    context.Args.Add("--init-groups");
                    context.Args.Add("--");
                    context.Args.Add(postgresExecutable);
                }
                context.Args.Add("-D");
                context.Args.Add(Path.Combine(dataDirectory, "data"));
                context.Args.Add("-p");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-c");
                context.Args.Add("listen_addresses=127.0.0.1");
                context.Args.Add("-k");
                context.Args.Add(dataDirectory);
            })
            .OnBeforeResourceStarted(async (server, _, cancellationToken) =>
                await InitialiseClusterAsync(server, binDirectory, asRoot, cancellationToken))
            .WithConnectionStringHealthCheck(connectionString =>
                new NpgSqlHealthCheck(new NpgSqlHealthCheckOptions(connectionString + ";Database=postgres")));
    }

    /// <summary>
    /// Adds a database to a local server. Its readiness check creates it when missing, so services that
    /// wait for it find it; the schema itself is theirs (EF Core migrations).
    /// </summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string name, string databaseName)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName, server.Resource);
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.database", databaseName)],
            })
            // A database runs when its server runs; readiness (the database exists) is the health check's job.
            .OnInitializeResource(async (db, e, cancellationToken) =>
            {
                await e.Notifications.WaitForResourceAsync(db.Parent.Name, KnownResourceStates.Running, cancellationToken);
                await e.Notifications.PublishUpdateAsync(db, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            })
            .WithConnectionStringHealthCheck(connectionString => new DatabaseExistsHealthCheck(connectionString, databaseName));
    }

    private static string FindPostgresBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
                ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql. Run ./run.sh (it installs them) or use Infra=containers.")
            : throw new InvalidOperationException("PostgreSQL server binaries not found (/usr/lib/postgresql). Install postgresql, or use Infra=containers.");

    private static async Task InitialiseClusterAsync(LocalPostgresServerResource server, string binDirectory, bool asRoot, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(server.DataDirectory, "data");
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(server.DataDirectory);
        var userName = await server.UserName.GetValueAsync(cancellationToken);
        var password = await server.Password.GetValueAsync(cancellationToken);
        var passwordFile = Path.Combine(server.DataDirectory, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        try
        {
            if (asRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", server.DataDirectory], cancellationToken);
            }
            string[] initdb = [Path.Combine(binDirectory, "initdb"), "-D", dataDirectory, "-U", userName!, "--pwfile", passwordFile,
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
                // Durability of the empty cluster does not matter; on a loaded machine syncing it takes minutes.
                "--no-sync"];
            if (asRoot)
            {
                await RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", .. initdb], cancellationToken);
            }
            else
            {
                await RunAsync(initdb[0], initdb[1..], cancellationToken);
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private sealed class DatabaseExistsHealthCheck(string connectionString, string databaseName) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var serverConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
            try
            {
                await using var connection = new NpgsqlConnection(serverConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = databaseName } } };
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy(ex.Message, ex);
            }
        }
    }
}
