using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Delivery;

/// <summary>
/// The app as the AppHost runs it (the API delivers through the edge, the edge asks the API), with times short enough
/// for each revocation cause to show within seconds: a subscription answer is cached for
/// <see cref="SubscriptionCacheTtl"/>, and a session idles out after <see cref="IdleTimeout"/> (the reaper runs every
/// fifth of it; tests age a session with SQL instead of waiting). PLAYBACK_REVOCATION_SECONDS keeps its default.
/// </summary>
public sealed class DeliveryApp : StreamingApp
{
    public static readonly TimeSpan RevocationWindow = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan SubscriptionCacheTtl = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        var idle = Seconds(IdleTimeout);
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .WithEnvironment("REDIS_SUBSCRIPTION_CACHE_TTL", Seconds(SubscriptionCacheTtl))
            .WithEnvironment("SESSION_IDLE_TIMEOUT", idle);
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.ProgressWorker).WithEnvironment("SESSION_IDLE_TIMEOUT", idle);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await WaitForHealthyAsync(ResourceNames.Edge, startup.Token);
    }

    public Uri EdgeUrl => App.GetEndpoint(ResourceNames.Edge, "http");

    public HttpClient CreateEdgeClient() => new() { BaseAddress = EdgeUrl, Timeout = TimeSpan.FromSeconds(60) };

    public string AccessLogPath => EdgeAccessLogPath();

    private static string Seconds(TimeSpan value) => ((int)value.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class DeliveryCollection : ICollectionFixture<DeliveryApp>
{
    public const string Name = "delivery-edge";
}
