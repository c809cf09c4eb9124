using Streaming.AppHost.Infrastructure;
using Streaming.AppHost.Services;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Progress;

/// <summary>
/// The app with settings that make the progress path observable in seconds: a 5 s hot-copy TTL (and title rate window), reclaim of
/// abandoned entries after 3 s, small batches, a short retry ceiling, and a second worker replica
/// (<c>progress-worker-2</c>) so that two consumers share the persist group. A second API (<c>api-paced</c>, same
/// Redis, PostgreSQL and workers) persists each title at most every <see cref="PersistIntervalSeconds"/>.
/// The viewer features (stream limits, the idle reaper, continue watching) share this app: stream sessions idle out
/// after <see cref="SessionIdleTimeout"/> in every service (the reaper, on both workers, looks every 4 s); tests age
/// sessions in PostgreSQL rather than wait (<c>ViewerFeatures/SessionTime</c>).
/// </summary>
public class ProgressApp : StreamingApp, IAsyncLifetime
{
    public const string SecondWorker = "progress-worker-2";
    public const int HotCopyTtlSeconds = 5;
    public const int BatchSize = 5;
    public static readonly TimeSpan ClaimIdleTime = TimeSpan.FromSeconds(3);
    public static readonly string[] Workers = [ResourceNames.ProgressWorker, SecondWorker];
    public const string PacedApi = "api-paced";
    public const int PersistIntervalSeconds = 2;
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromSeconds(20);

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        // A title's rate window lives in its hot copy, so it cannot outlast it.
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .WithEnvironment("REDIS_PROGRESS_TTL", HotCopyTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("PROGRESS_RATE_WINDOW", HotCopyTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var backing = BackingServices.In(builder);
        var second = builder.AddProgressWorker(SecondWorker, backing.Database, backing.Redis, backing.Kafka);

        AddPacedApi(builder, backing);

        var idleSeconds = ((int)SessionIdleTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var service in new[] { ResourceNames.Api, ResourceNames.ProgressWorker, SecondWorker, PacedApi })
        {
            builder.CreateResourceBuilder<ProjectResource>(service)
                .WithEnvironment("SESSION_IDLE_TIMEOUT", idleSeconds);
        }

        foreach (var worker in new[] { builder.CreateResourceBuilder<ProjectResource>(ResourceNames.ProgressWorker), second })
        {
            worker
                .WithEnvironment("ProgressWorker__ClaimIdleTime", ClaimIdleTime.ToString("c"))
                .WithEnvironment("ProgressWorker__ReclaimInterval", "00:00:01")
                .WithEnvironment("ProgressWorker__BatchSize", BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("ProgressWorker__MaxRetryDelay", "00:00:01");
        }
    }

    /// <summary>
    /// A second API wired as the AppHost wires <c>api</c> (same references and secret), with a persist interval, a TTL
    /// of its own and rate limits a viewer posting five times a second stays under.
    /// </summary>
    private static void AddPacedApi(IDistributedApplicationTestingBuilder builder, BackingServices backing)
    {
        var jwtSecret = builder.Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == "jwt-secret");
        var userService = builder.CreateResourceBuilder<ProjectResource>(ResourceNames.UserService);
        builder.AddStreamingApi(PacedApi, backing, userService, builder.CreateResourceBuilder(jwtSecret))
            .WithEnvironment("PLAYBACK_SAMPLE_TITLE", "false")
            .WithEnvironment("PROGRESS_PERSIST_INTERVAL", PersistIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("REDIS_PROGRESS_TTL", "120")
            .WithEnvironment("PROGRESS_RATE_LIMIT", "1000")
            .WithEnvironment("PROGRESS_USER_RATE_LIMIT", "1000");
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await WaitForHealthyAsync(SecondWorker, startup.Token);
        await WaitForHealthyAsync(PacedApi, startup.Token);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ProgressCollection : ICollectionFixture<ProgressApp>
{
    public const string Name = "progress";
}
