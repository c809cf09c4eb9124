using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Events;

/// <summary>
/// These tests take the broker down and kill the relay, so they get an app of their own, with a second worker
/// replica that is started only when a test needs one to take over from a killed worker.
/// </summary>
public sealed class EventsApp : StreamingApp
{
    public const string StandbyWorker = "progress-worker-standby";

    /// <summary>A small buffer bound, so that a broker outage reaches it with a few hundred updates.</summary>
    public const int MaxBufferedEntries = 200;

    public static readonly TimeSpan TrimInterval = TimeSpan.FromMilliseconds(200);

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        var standby = builder.AddProject<Projects.Streaming_ProgressWorker>(StandbyWorker).WithExplicitStart();
        foreach (var dependency in new[] { ResourceNames.Database, ResourceNames.Redis, ResourceNames.Kafka })
        {
            standby.WithReference(builder.CreateResourceBuilder<IResourceWithConnectionString>(dependency));
        }
        standby.WithHttpHealthCheck("/health");

        foreach (var worker in new[] { builder.CreateResourceBuilder<ProjectResource>(ResourceNames.ProgressWorker), standby })
        {
            worker
                .WithEnvironment("ProgressWorker__MaxBufferedEntries", MaxBufferedEntries.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("ProgressWorker__TrimInterval", TrimInterval.ToString("c"));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EventsCollection : ICollectionFixture<EventsApp>
{
    public const string Name = "events";
}

/// <summary>The app with ENABLE_KAFKA=false in every service.</summary>
public sealed class KafkaDisabledApp : StreamingApp
{
    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var service in new[] { ResourceNames.Api, ResourceNames.ProgressWorker })
        {
            builder.CreateResourceBuilder<ProjectResource>(service).WithEnvironment("ENABLE_KAFKA", "false");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class KafkaDisabledCollection : ICollectionFixture<KafkaDisabledApp>
{
    public const string Name = "kafka-disabled";
}
