using Streaming.AppHost.Infrastructure;
using Streaming.AppHost.Services;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Events;

/// <summary>
/// These tests take the broker down and kill the relay, so they get an app of their own. A second worker replica
/// always runs beside the first (the outbox relay and the drain are meant to run on several at once), and a third
/// is started only when a test needs one to take over from a killed worker.
/// </summary>
public class EventsApp : StreamingApp
{
    public const string SecondWorker = "progress-worker-2";
    public const string StandbyWorker = "progress-worker-standby";

    /// <summary>A small buffer bound, so that a broker outage reaches it with a few hundred updates.</summary>
    public const int MaxBufferedEntries = 200;

    public static readonly TimeSpan TrimInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a killed worker's unacknowledged entries wait before another takes them over (30 s by default): the
    /// relay test's stream.progress waited that long whenever the killed worker had read it.
    /// </summary>
    public static readonly TimeSpan ClaimIdleTime = TimeSpan.FromSeconds(3);

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        AddWorker(builder, SecondWorker, startWithTheApp: true);
        AddWorker(builder, StandbyWorker, startWithTheApp: false);
        WithTestSettings(builder.CreateResourceBuilder<ProjectResource>(ResourceNames.ProgressWorker));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await WaitForHealthyAsync(SecondWorker, startup.Token);
    }

    private static void AddWorker(IDistributedApplicationTestingBuilder builder, string name, bool startWithTheApp)
    {
        var backing = BackingServices.In(builder);
        var worker = builder.AddProgressWorker(name, backing.Database, backing.Redis, backing.Kafka, waitForDependencies: startWithTheApp);
        if (!startWithTheApp)
        {
            worker.WithExplicitStart();
        }
        WithTestSettings(worker);
    }

    private static void WithTestSettings(IResourceBuilder<ProjectResource> worker)
    {
        worker
            .WithEnvironment("ProgressWorker__MaxBufferedEntries", MaxBufferedEntries.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("ProgressWorker__TrimInterval", TrimInterval.ToString("c"))
            .WithEnvironment("ProgressWorker__ClaimIdleTime", ClaimIdleTime.ToString("c"))
            .WithEnvironment("ProgressWorker__ReclaimInterval", "00:00:01");
    }
}

[CollectionDefinition(Name)]
public sealed class EventsCollection : ICollectionFixture<EventsApp>
{
    public const string Name = "events";
}
