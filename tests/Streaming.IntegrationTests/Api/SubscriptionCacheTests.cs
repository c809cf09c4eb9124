using System.Net;
using Streaming.IntegrationTests.Api.Support;

namespace Streaming.IntegrationTests.Api;

/// <summary>The API asks the user service at most once per user and cache TTL, and honours a change after it.</summary>
[Collection(ApiTimingCollection.Name)]
public sealed class SubscriptionCacheTests(ApiTimingApp app) : IAsyncLifetime
{
    private readonly StubUserService _users = new(app);

    public Task InitializeAsync() => _users.ClearFaultsAsync();

    [Fact]
    public async Task Two_starts_within_the_ttl_ask_the_user_service_once()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        Assert.Equal(1, await _users.SubscriptionCallsAsync(viewer.UserId));
    }

    [Fact]
    public async Task A_start_after_the_ttl_asks_the_user_service_again()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        await Task.Delay(ApiTimingApp.SubscriptionCacheTtl + TimeSpan.FromSeconds(0.5));
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        Assert.Equal(2, await _users.SubscriptionCallsAsync(viewer.UserId));
    }

    [Fact]
    public async Task A_revoked_subscription_takes_effect_once_the_ttl_has_passed()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();
        var revokedAt = DateTime.UtcNow;

        await _users.SetSubscriptionAsync(viewer.UserId, active: false);

        using (var stillCached = await viewer.StartAsync(movieId))
        {
            Assert.Equal(HttpStatusCode.OK, stillCached.StatusCode);
        }
        await Task.Delay(ApiTimingApp.SubscriptionCacheTtl - (DateTime.UtcNow - revokedAt) + TimeSpan.FromSeconds(0.5));
        using var afterTtl = await viewer.StartAsync(movieId);
        var problem = await Problems.AssertProblemAsync(afterTtl, HttpStatusCode.Forbidden);
        Assert.Equal("No active subscription", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_renewed_subscription_takes_effect_once_the_ttl_has_passed()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync(active: false));
        using (var refused = await viewer.StartAsync(movieId))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await _users.SetSubscriptionAsync(viewer.UserId, active: true);
        await Task.Delay(ApiTimingApp.SubscriptionCacheTtl + TimeSpan.FromSeconds(0.5));

        using var renewed = await viewer.StartAsync(movieId);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _users.ClearFaultsAsync();
        _users.Dispose();
    }
}
