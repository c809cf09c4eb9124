using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Streaming.IntegrationTests.Api;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Security;

/// <summary>
/// The API and the user service started outside Development, as their own processes with the test app's
/// PostgreSQL, Redis, S3 and Kafka: a development or weak secret stops them, and the running API accepts only tokens
/// signed with its own secret, for its issuer and audience, and no longer-lived than JWT_MAX_LIFETIME.
/// </summary>
[Collection(ApiContractCollection.Name)]
public sealed class ProductionModeTests(ApiContractApp app)
{
    private const string Issuer = "https://auth.example.test";
    private const string Audience = "streaming-api";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly string Secret = RandomSecret();
    private static readonly string PlaybackKey = RandomSecret();
    private static readonly Guid SeededPremiumUser = Guid.Parse("7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c01");

    public static TheoryData<string, string?, string> RefusedSettings => new()
    {
        // setting, value (null: left out), what the message must name
        { "JWT_SECRET_KEY", TestTokens.DevelopmentSecret, "JWT_SECRET_KEY" },
        { "JWT_SECRET_KEY", new string('a', 48), "JWT_SECRET_KEY" },
        { "JWT_ISSUER", null, "JWT_ISSUER" },
        { "JWT_AUDIENCE", null, "JWT_AUDIENCE" },
        { "PLAYBACK_SIGNING_KEY", null, "PLAYBACK_SIGNING_KEY" },
        { "PLAYBACK_SIGNING_KEY", TestTokens.DevelopmentSecret, "PLAYBACK_SIGNING_KEY" },
        { "PLAYBACK_SIGNING_KEY", "too-short-0123456789", "PLAYBACK_SIGNING_KEY" },
        { "PLAYBACK_SIGNING_KEY_PREVIOUS", "abababababababababababababababababababab", "PLAYBACK_SIGNING_KEY_PREVIOUS" },
    };

    [Theory]
    [MemberData(nameof(RefusedSettings))]
    public async Task The_api_outside_development_refuses_to_start_and_names_the_setting(string setting, string? value, string named)
    {
        var environment = await ApiEnvironmentAsync();
        if (value is null)
        {
            environment.Remove(setting);
        }
        else
        {
            environment[setting] = value;
        }

        await using var api = ServiceProcess.Start(new Projects.Streaming_Api(), environment);
        var exitCode = await api.WaitForExitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, api.Output, StringComparison.Ordinal);
        Assert.Contains("Refusing to start", api.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task The_user_service_outside_development_refuses_the_development_secret(string environmentName)
    {
        await using var users = ServiceProcess.Start(new Projects.Streaming_UserServiceStub(), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
            ["JWT_SECRET_KEY"] = TestTokens.DevelopmentSecret,
        });

        Assert.NotEqual(0, await users.WaitForExitAsync(StartTimeout));
        Assert.Contains("JWT_SECRET_KEY", users.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_user_service_outside_development_has_no_development_endpoints()
    {
        await using var users = ServiceProcess.Start(new Projects.Streaming_UserServiceStub(), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["JWT_SECRET_KEY"] = Secret,
        });
        using var http = new HttpClient { BaseAddress = await users.WaitUntilListeningAsync(StartTimeout) };

        using (var token = await http.PostAsJsonAsync("/dev/token", new { user_id = SeededPremiumUser }))
        {
            Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        }
        using (var grant = await http.PutAsJsonAsync($"/dev/users/{Guid.NewGuid()}/subscription", new { active = true, plan = "premium" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, grant.StatusCode);
        }
        using (var stats = await http.GetAsync("/dev/stats"))
        {
            Assert.Equal(HttpStatusCode.NotFound, stats.StatusCode);
        }
        // The control: the service itself runs and answers its real endpoint.
        using var subscription = await http.GetAsync($"/api/v1/users/{SeededPremiumUser}/subscription");
        Assert.Equal(HttpStatusCode.OK, subscription.StatusCode);
    }

    [Fact]
    public async Task The_api_outside_development_accepts_only_its_own_short_lived_tokens_for_its_issuer_and_audience()
    {
        await using var api = ServiceProcess.Start(new Projects.Streaming_Api(), await ApiEnvironmentAsync());
        using var http = new HttpClient { BaseAddress = await api.WaitUntilListeningAsync(StartTimeout) };
        var user = Guid.NewGuid();
        var now = DateTime.UtcNow;

        // The control: a token as the auth service would issue it gets past authentication (no progress yet: 404).
        Assert.Equal(HttpStatusCode.NotFound, await StatusWithTokenAsync(http, TestTokens.Custom(user, Secret, Issuer, Audience, now, now.AddHours(1))));

        var refused = new Dictionary<string, string>
        {
            ["signed with the development secret"] = TestTokens.Custom(user, TestTokens.DevelopmentSecret, Issuer, Audience, now, now.AddHours(1)),
            ["without issuer"] = TestTokens.Custom(user, Secret, null, Audience, now, now.AddHours(1)),
            ["from another issuer"] = TestTokens.Custom(user, Secret, "https://elsewhere.example.test", Audience, now, now.AddHours(1)),
            ["without audience"] = TestTokens.Custom(user, Secret, Issuer, null, now, now.AddHours(1)),
            ["for another audience"] = TestTokens.Custom(user, Secret, Issuer, "another-api", now, now.AddHours(1)),
            ["living 25 hours"] = TestTokens.Custom(user, Secret, Issuer, Audience, now, now.AddHours(25)),
            ["without iat, expiring in 25 hours"] = TestTokens.Custom(user, Secret, Issuer, Audience, null, now.AddHours(25)),
            ["claiming a recent iat, expiring in 2100"] = TestTokens.Custom(user, Secret, Issuer, Audience, now.AddMinutes(-1), new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
        };
        foreach (var (kind, token) in refused)
        {
            Assert.True(await StatusWithTokenAsync(http, token) == HttpStatusCode.Unauthorized, $"A token {kind} was not refused with 401.");
        }

        // The development player and its token endpoint do not exist here.
        using (var player = await http.GetAsync("/player"))
        {
            Assert.Equal(HttpStatusCode.NotFound, player.StatusCode);
        }
        using var playerToken = await http.PostAsJsonAsync("/player/token", new { user_id = user });
        Assert.Equal(HttpStatusCode.NotFound, playerToken.StatusCode);
    }

    private static async Task<HttpStatusCode> StatusWithTokenAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream/{Guid.NewGuid()}/progress");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>What a production deployment sets, pointing at the test app's backing services.</summary>
    private async Task<Dictionary<string, string>> ApiEnvironmentAsync() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["JWT_SECRET_KEY"] = Secret,
        ["JWT_ISSUER"] = Issuer,
        ["JWT_AUDIENCE"] = Audience,
        ["PLAYBACK_SIGNING_KEY"] = PlaybackKey,
        ["ConnectionStrings__streamingdb"] = await app.ConnectionStringAsync(ResourceNames.Database),
        ["ConnectionStrings__redis"] = await app.ConnectionStringAsync(ResourceNames.Redis),
        ["ConnectionStrings__s3"] = await app.ConnectionStringAsync(ResourceNames.S3),
        ["ConnectionStrings__kafka"] = await app.ConnectionStringAsync(ResourceNames.Kafka),
        ["S3_BUCKET_NAME"] = MediaBucket.Name,
        ["USER_SERVICE_URL"] = app.App.GetEndpoint(ResourceNames.UserService, "http").ToString(),
    };

    private static string RandomSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
}
