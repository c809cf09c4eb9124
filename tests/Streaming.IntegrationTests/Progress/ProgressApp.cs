using Aspire.Hosting.Testing;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Progress;

/// <summary>
/// The app with settings that make the progress path observable in seconds: a 5 s hot-copy TTL, reclaim of
/// abandoned entries after 3 s, small batches, a short retry ceiling, and a second worker replica
/// (<c>progress-worker-2</c>) so that two consumers share the persist group.
/// </summary>
public sealed class ProgressApp : StreamingApp, IAsyncLifetime
{
    public const string SecondWorker = "progress-worker-2";
    public const int HotCopyTtlSeconds = 5;
    public const int BatchSize = 5;
    public static readonly TimeSpan ClaimIdleTime = TimeSpan.FromSeconds(3);
    public static readonly string[] Workers = [ResourceNames.ProgressWorker, SecondWorker];

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .WithEnvironment("REDIS_PROGRESS_TTL", HotCopyTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var database = builder.CreateResourceBuilder<IResourceWithConnectionString>(ResourceNames.Database);
        var redis = builder.CreateResourceBuilder<IResourceWithConnectionString>(ResourceNames.Redis);
        var kafka = builder.CreateResourceBuilder<IResourceWithConnectionString>(ResourceNames.Kafka);
        var second = builder.AddProject<Projects.Streaming_ProgressWorker>(SecondWorker)
            .WithReference(database).WaitFor(database)
            .WithReference(redis).WaitFor(redis)
            .WithReference(kafka).WaitFor(kafka)
            .WithHttpHealthCheck("/health");

        foreach (var worker in new[] { builder.CreateResourceBuilder<ProjectResource>(ResourceNames.ProgressWorker), second })
        {
            worker
                .WithEnvironment("ProgressWorker__ClaimIdleTime", ClaimIdleTime.ToString("c"))
                .WithEnvironment("ProgressWorker__ReclaimInterval", "00:00:01")
                .WithEnvironment("ProgressWorker__BatchSize", BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("ProgressWorker__MaxRetryDelay", "00:00:01");
        }
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await App.ResourceNotifications.WaitForResourceHealthyAsync(SecondWorker, startup.Token);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ProgressCollection : ICollectionFixture<ProgressApp>
{
    public const string Name = "progress";
}
