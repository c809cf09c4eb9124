using HealthChecks.NpgSql;

namespace Streaming.Hosting.Postgres;

public static class LocalPostgresBuilderExtensions
{
    // PostgreSQL logs every line (checkpoints, start-up) to stderr, which the dashboard shows as an error: only failures
    // stay on stderr. "Starting up" refusals answer the readiness check while the server starts, and are ordinary.
    // DCP stops a process with SIGTERM, which asks PostgreSQL for a "smart" shutdown: it waits until every pooled
    // connection of every service has closed, so a stop from the dashboard hung until DCP gave up and killed it. The
    // official image stops with SIGINT (a fast shutdown); so does this wrapper, which waits for the server to finish.
    private const string Launcher = """
        exec 2> >(while IFS= read -r line; do
          case "$line" in
            *"the database system is starting up"*|*"the database system is shutting down"*) printf '%s\n' "$line" ;;
            *ERROR:*|*FATAL:*|*PANIC:*) printf '%s\n' "$line" >&2 ;;
            *) printf '%s\n' "$line" ;;
          esac
        done)
        "$@" & server=$!
        trap 'kill -INT "$server" 2>/dev/null' TERM INT
        until wait "$server"; status=$?; ! kill -0 "$server" 2>/dev/null; do :; done
        exit "$status"
        """;

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
        // PostgreSQL refuses to run as root: setpriv drops to its user. Its parent-death signal takes the server down
        // with the launcher if DCP ever has to kill the launcher, so no orphan keeps the port and the data directory.
        var asRoot = Environment.UserName == "root";
        var resource = new LocalPostgresServerResource(
            name, "bash", dataDirectory,
            userName.Resource, password.Resource, dataDirectory);

        return builder.AddResource(resource)
            .WithLocalEndpoint(LocalPostgresServerResource.EndpointName, port)
            .WithArgs(context =>
            {
                context.Args.Add("-c");
                context.Args.Add(Launcher);
                context.Args.Add("postgres");
                context.Args.Add("setpriv");
                context.Args.Add("--pdeathsig=KILL");
                if (asRoot)
                {
                    context.Args.Add("--reuid=postgres");
                    context.Args.Add("--regid=postgres");
                    context.Args.Add("--init-groups");
                }
                context.Args.Add("--");
                context.Args.Add(postgresExecutable);
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
                await PostgresClusterInitialisation.EnsureAsync(server, binDirectory, asRoot, cancellationToken))
            .WithConnectionStringHealthCheck(connectionString =>
                new NpgSqlHealthCheck(new NpgSqlHealthCheckOptions(connectionString + ";Database=postgres")));
    }

    /// <summary>
    /// Adds a database to a local server. It is created once the server is ready; its readiness check only reads
    /// (the database exists), so services that wait for it find it.
    /// </summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string name, string databaseName)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName, server.Resource);
        server.OnReadyCreate((connectionString, cancellationToken) =>
            PostgresDatabaseCreation.EnsureAsync(connectionString, databaseName, cancellationToken));
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
}
