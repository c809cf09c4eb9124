using Streaming.AppHost.Infrastructure;
using Streaming.AppHost.Services;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.ViewerFeatures;

/// <summary>
/// Sessions idle out after <see cref="IdleTimeout"/> (seconds, not minutes), progress persists at once, and
/// a second worker replica runs beside the first so that the idle reaper runs twice.
/// </summary>
public sealed class ViewerApp : StreamingApp
{
    public const string SecondWorker = "progress-worker-2";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(4);

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        var backing = BackingServices.In(builder);
        var second = builder.AddProgressWorker(SecondWorker, backing.Database, backing.Redis, backing.Kafka);
        var seconds = ((int)IdleTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var service in new[] { builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api), builder.CreateResourceBuilder<ProjectResource>(ResourceNames.ProgressWorker), second })
        {
            service.WithEnvironment("SESSION_IDLE_TIMEOUT", seconds).WithEnvironment("PROGRESS_PERSIST_INTERVAL", "0");
        }
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await WaitForHealthyAsync(SecondWorker, startup.Token);
    }
}

[CollectionDefinition(Name)]
public sealed class ViewerCollection : ICollectionFixture<ViewerApp>
{
    public const string Name = "viewer-features";
}
