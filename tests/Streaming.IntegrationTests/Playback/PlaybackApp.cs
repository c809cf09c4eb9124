using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streaming.Api.Dependencies;
using Streaming.Api.Storage.Ingest;
using Streaming.Core.Storage;
using Streaming.IntegrationTests.Edge;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Playback;

/// <summary>
/// The one app of the playback collection: everything about how players get media. Delivery is the AppHost's default,
/// the edge (players get manifest URLs on it, and it asks the API), with a short sample title (12 s) seeded by the API
/// itself through the ingest code, cached under /tmp so that ffmpeg encodes it once per machine, and one headless
/// Chromium (Debian's) for the browser tests. Times are short enough for each revocation cause to show within seconds:
/// a subscription answer is cached for <see cref="SubscriptionCacheTtl"/>, a session idles out after
/// <see cref="IdleTimeout"/> (the reaper runs every fifth of it; tests age a session with SQL instead of waiting, and
/// the browser tests, whose sessions report no progress, end long before it). PLAYBACK_REVOCATION_SECONDS keeps its
/// default. Beside them: a second API delivering presigned (<see cref="PresignedApi"/>) and two edges asking a stub
/// authoriser (<see cref="StubEdges"/>).
/// </summary>
public sealed class PlaybackApp : StreamingApp
{
    public const int SampleSeconds = 12;
    public static readonly string SampleCache = Path.Combine(Path.GetTempPath(), "streaming-test-sample-media");
    public static readonly Guid PremiumUser = Guid.Parse("7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c01");
    public static readonly TimeSpan SubscriptionCacheTtl = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    public static Guid Movie => SampleTitleOptions.MovieId;

    /// <summary>Servers beyond the three services, waited for before the tests start.</summary>
    private static readonly string[] AddedServers = [ResourceNames.Edge, PresignedApi.Name, .. StubEdges.Names];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string SampleFolder { get; private set; } = null!;

    /// <summary>Stands in for the API behind <see cref="StubEdges"/>.</summary>
    public StubAuthorizer Authorizer { get; } = new();

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        var idle = Seconds(IdleTimeout);
        var api = builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api);
        api.WithEnvironment("PLAYBACK_SAMPLE_TITLE", "true")
            // Players reach the API at its own address, set as the public base URL; the test's connections (through
            // Aspire's loopback proxy) are a trusted proxy, whose forwarded headers the public base URL overrides.
            .WithEnvironment("PUBLIC_BASE_URL", api.GetEndpoint("http"))
            .WithEnvironment("TRUSTED_PROXIES", "127.0.0.1,::1")
            .WithEnvironment("PLAYBACK_SAMPLE_SECONDS", SampleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("PLAYBACK_SAMPLE_CACHE", SampleCache)
            .WithEnvironment("REDIS_SUBSCRIPTION_CACHE_TTL", Seconds(SubscriptionCacheTtl))
            .WithEnvironment("SESSION_IDLE_TIMEOUT", idle);
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.ProgressWorker).WithEnvironment("SESSION_IDLE_TIMEOUT", idle);
        PresignedApi.Add(builder)
            .WithEnvironment("REDIS_SUBSCRIPTION_CACHE_TTL", Seconds(SubscriptionCacheTtl))
            .WithEnvironment("SESSION_IDLE_TIMEOUT", idle)
            .WithEnvironment(RequestDeadline.Setting, Seconds(ApiRequestDeadline));
        StubEdges.Add(builder, DataDirectory, Authorizer);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using (var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            foreach (var resource in AddedServers)
            {
                await WaitForHealthyAsync(resource, startup.Token);
            }
        }
        // Every playback test starts the sample title as this user and few stop: room beyond the premium plan's 4.
        using (var users = CreateClient(ResourceNames.UserService))
        {
            (await users.PutAsJsonAsync($"/dev/users/{PremiumUser}/subscription",
                new { active = true, plan = "premium", expires_at = DateTimeOffset.UtcNow.AddYears(1), max_streams = 100 })).EnsureSuccessStatusCode();
        }
        await WaitForSampleTitleAsync();
        SampleFolder = await SampleTitleGenerator.EnsureAsync(SampleCache, SampleSeconds, CancellationToken.None);
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
        await Authorizer.DisposeAsync();
    }

    /// <summary>The edge's address (the API's EDGE_PUBLIC_URL).</summary>
    public Uri EdgeUrl => App.GetEndpoint(ResourceNames.Edge, "http");

    public HttpClient CreateEdgeClient(string edge = ResourceNames.Edge) =>
        new() { BaseAddress = App.GetEndpoint(edge, "http"), Timeout = TimeSpan.FromSeconds(60) };

    public string AccessLogPath(string edge = ResourceNames.Edge) => EdgeAccessLogPath(edge);

    /// <summary>An API's PUBLIC_BASE_URL (its own address).</summary>
    public string PublicBaseUrl(string api = ResourceNames.Api) => App.GetEndpoint(api, "http").ToString();

    public S3Connection S3 => S3Connection.Parse(ConnectionStringAsync(ResourceNames.S3).GetAwaiter().GetResult());

    public string JwtSecret => App.Services.GetRequiredService<IConfiguration>()["Parameters:jwt-secret"]!;

    public async Task<string> TokenAsync(Guid user)
    {
        using var users = CreateClient(ResourceNames.UserService);
        using var response = await users.PostAsJsonAsync("/dev/token", new { user_id = user });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>POST /api/v1/stream/{movie_id} as the premium user (to <paramref name="apiResource"/>); the answer's JSON.</summary>
    public async Task<JsonElement> StartStreamAsync(string manifestType, string apiResource = ResourceNames.Api)
    {
        using var api = CreateClient(apiResource);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(PremiumUser));
        using var response = await api.PostAsJsonAsync($"/api/v1/stream/{Movie}", new { manifest_type = manifestType });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task WaitForSampleTitleAsync()
    {
        using var s3 = S3.CreateClient();
        foreach (var manifest in new[] { "index.m3u8", "index.mpd" })
        {
            // A missing object throws, which Eventually counts as "not yet".
            await Eventually.TrueAsync(async () => (await s3.GetObjectMetadataAsync("vod", $"movies/{Movie}/{manifest}")) is not null,
                TimeSpan.FromMinutes(3), $"the sample title's {manifest} is in the bucket", TimeSpan.FromMilliseconds(500));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlaybackCollection : ICollectionFixture<PlaybackApp>
{
    public const string Name = "playback";
}
