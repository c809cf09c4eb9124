using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streaming.AppHost.Infrastructure;
using Streaming.Hosting.Common;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// The whole application model in local mode (real PostgreSQL, Redis, Swift S3 and a Kafka-protocol broker),
/// started once per test collection on free ports with throwaway data.
/// </summary>
public class StreamingApp : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"streaming-test-{Guid.NewGuid():N}");

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The app's throwaway data folder (deleted with the app): room for servers a collection adds.</summary>
    protected string DataDirectory => _dataDirectory;

    /// <summary>The Kafka-protocol broker's bootstrap servers, known once the app has started.</summary>
    public string KafkaBootstrapServers { get; private set; } = null!;

    /// <summary>
    /// How long a request may wait on the database and the rest (REQUEST_DEADLINE, 4 s in production). Collections run
    /// side by side on 2 cores, and a first request on cold connections of a loaded machine was seen to pass 4 s and
    /// answer 503. No test asserts the deadline's length: the outage tests prove that an answer comes while the
    /// dependency stays down, whatever the deadline.
    /// </summary>
    protected static readonly TimeSpan ApiRequestDeadline = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The first app starts before the others. Collections run three at a time on two cores, and three apps starting
    /// at once (each starting its servers and JIT-compiling three services) beside the smokes were ready after 70-90 s
    /// each; the first (the longest collection, ordered first) is ready well before that, and the others then start
    /// together (one at a time throughout cost more: the last app waited for every start before it).
    /// </summary>
    private static readonly TaskCompletionSource FirstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static int _firstClaimed;

    /// <summary>AppHost command-line settings of a collection (<c>--LocalInfra:RedisCluster=true</c> and the like).</summary>
    protected virtual IEnumerable<string> AppHostSettings => [];

    /// <summary>Settings a collection needs on top of the defaults (short TTLs and the like).</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    public virtual async Task InitializeAsync()
    {
        if (Interlocked.Exchange(ref _firstClaimed, 1) == 0)
        {
            try
            {
                await StartAsync();
            }
            finally
            {
                // Whether it started or failed: the others are not held back longer.
                FirstStarted.TrySetResult();
            }
            return;
        }
        await FirstStarted.Task;
        await StartAsync();
    }

    private async Task StartAsync()
    {
        AppTimings.Started(GetType().Name);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Streaming_AppHost>(
            [
                "--Infra=local",
                "--LocalInfra:DevPorts=false",
                $"--LocalInfra:DataDirectory={_dataDirectory}",
                // Waiting for DCP to clean up adds ~13 s per app; DisposeAsync kills what could outlive it.
                "--DcpPublisher:WaitForResourceCleanup=false",
                .. AppHostSettings,
            ],
            (options, _) => options.DisableDashboard = true);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        // Generating the demo title takes a minute of ffmpeg; only the playback tests want it (they turn it back on).
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api).WithEnvironment("PLAYBACK_SAMPLE_TITLE", "false")
            // Tests look into PostgreSQL right after an update: every update is persisted (the paced API of
            // ProgressApp runs with an interval).
            .WithEnvironment("PROGRESS_PERSIST_INTERVAL", "0");
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .WithEnvironment(Streaming.Api.Dependencies.RequestDeadline.Setting, Seconds(ApiRequestDeadline));
        Configure(builder);
        var services = builder.Resources.OfType<ProjectResource>().ToList();
        services.RunFromBuildOutput();
        foreach (var service in services)
        {
            // A test app lives a minute or two: tiered PGO's instrumented recompilation pays back in long runs only, and
            // cost a third of each service's CPU here (API 10.4 s against 7.6 s over the outage collection).
            builder.CreateResourceBuilder(service).WithEnvironment("DOTNET_TieredPGO", "0");
        }

        App = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await App.StartAsync(startup.Token);
        foreach (var resource in ResourceNames.Services)
        {
            await WaitForHealthyAsync(resource, startup.Token);
        }
        KafkaBootstrapServers = await ConnectionStringAsync(ResourceNames.Kafka);
        AppTimings.Ready(GetType().Name);
    }

    /// <summary>
    /// Waits for a resource of the app to turn healthy; if it exits instead, the exception carries the end of its log,
    /// so that a CI log that keeps only its tail still says why a collection's fixture failed.
    /// </summary>
    protected async Task WaitForHealthyAsync(string resource, CancellationToken cancellationToken)
    {
        try
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
        catch (DistributedApplicationException failed)
        {
            // Watching replays the backlog, which also holds what the app host logged for the resource (a failed
            // OnResourceReady handler); it never completes on its own. Stack frames are left out: the messages say why.
            // Logs are kept per instance (api-xyz), not per resource name.
            var logId = App.ResourceNotifications.TryGetCurrentState(resource, out var state) ? state.ResourceId : resource;
            var lines = new List<string>();
            using var replay = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(logId).WithCancellation(replay.Token))
                {
                    lines.AddRange(batch.SelectMany(line => line.Content.Split('\n'))
                        .Where(line => !line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && !line.TrimStart().StartsWith("---", StringComparison.Ordinal)));
                }
            }
            catch (OperationCanceledException)
            {
            }
            throw new DistributedApplicationException(
                $"{failed.Message} The last lines of its log:{Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(25))}", failed);
        }
    }

    public virtual async Task DisposeAsync()
    {
        var services = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>()
            .Select(project => App.ResourceNotifications.TryGetCurrentState(project.Name, out var state) ? state.ResourceId : null)
            .OfType<string>().ToList();
        await App.DisposeAsync();
        // Disposing does not wait for DCP to stop the services (that costs ~13 s per app); make sure none outlives the
        // test run and loads the machine for the collections that follow.
        ResourceProcesses.KillServiceProcesses(services);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be flushing; the folder is under /tmp anyway.
        }
        AppTimings.Stopped(GetType().Name);
    }

    /// <summary>A duration as the whole seconds the services' settings take.</summary>
    protected static string Seconds(TimeSpan value) => ((int)value.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public HttpClient CreateClient(string resource = ResourceNames.Api) => App.CreateHttpClient(resource);

    /// <summary>
    /// The access log of an edge (one JSON line per request, <see cref="Streaming.Hosting.Edge.EdgeAccessLog"/>):
    /// count origin fetches of an object with <c>EdgeTraffic.OriginFetchesOf</c>.
    /// </summary>
    public string EdgeAccessLogPath(string edge = ResourceNames.Edge) =>
        ((Streaming.Hosting.Edge.IEdgeResource)App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == edge)).AccessLogPath;

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"No connection string for {resource}.");
}

public static class ResourceNames
{
    public const string Api = ServiceNames.Api;
    public const string UserService = ServiceNames.UserService;
    public const string ProgressWorker = ServiceNames.ProgressWorker;
    public const string Postgres = BackingServices.PostgresName;
    public const string Database = BackingServices.DatabaseResourceName;
    public const string Redis = BackingServices.RedisName;
    public const string S3 = BackingServices.S3Name;
    public const string Kafka = BackingServices.KafkaName;
    public const string Edge = ServiceNames.Edge;

    public static readonly string[] Services = [Api, UserService, ProgressWorker];
    public static readonly string[] Infrastructure = [Postgres, Database, Redis, S3, Kafka, Edge];
}
