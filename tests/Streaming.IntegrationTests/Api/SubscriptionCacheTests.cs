using System.Net;
using StackExchange.Redis;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>
/// The API asks the user service at most once per user and cache TTL, and honours a change after it. The cache entry
/// is the API's Redis key <c>subscription:{user}</c>: its TTL is read from Redis, and a test that needs the TTL to
/// have passed deletes the key, as the expiry would, instead of waiting on the clock.
/// </summary>
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
        var ttl = await CachedForAsync(viewer.UserId);
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        Assert.Equal(1, await _users.SubscriptionCallsAsync(viewer.UserId));
        Assert.True(ttl > TimeSpan.Zero && ttl <= ApiTimingApp.SubscriptionCacheTtl, $"Cached for {ttl}, configured {ApiTimingApp.SubscriptionCacheTtl}.");
    }

    [Fact]
    public async Task A_start_after_the_ttl_asks_the_user_service_again()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        await ExpireAsync(viewer.UserId);
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        Assert.Equal(2, await _users.SubscriptionCallsAsync(viewer.UserId));
    }

    [Fact]
    public async Task A_revoked_subscription_takes_effect_once_the_ttl_has_passed()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        await _users.SetSubscriptionAsync(viewer.UserId, active: false);

        using (var stillCached = await viewer.StartAsync(movieId))
        {
            Assert.Equal(HttpStatusCode.OK, stillCached.StatusCode);
        }
        await ExpireAsync(viewer.UserId);
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
        await ExpireAsync(viewer.UserId);

        using var renewed = await viewer.StartAsync(movieId);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
    }

    /// <summary>An answer is cached no longer than the subscription it describes lasts, however long the TTL.</summary>
    [Fact]
    public async Task A_subscription_that_expires_before_the_ttl_stops_being_accepted_when_it_expires()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        // Soon, yet late enough that a loaded machine still starts before it.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(8);
        // Room for every start this test makes (none is stopped), so that only the subscription can refuse one.
        await _users.SetSubscriptionAsync(viewer.UserId, active: true, expiresAt, maxStreams: 100);
        using (var accepted = await viewer.StartAsync(movieId))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // Cached no longer than the subscription lasts: the entry's remaining life ends by its expiry (read after the
        // start that stored it, so whatever time passed since only shortens it).
        var ttl = await CachedForAsync(viewer.UserId);
        Assert.True(DateTimeOffset.UtcNow + ttl <= expiresAt + TimeSpan.FromSeconds(1), $"Cached for {ttl} more, past the expiry at {expiresAt:O}.");
        Assert.True(ApiTimingApp.SubscriptionCacheTtl > TimeSpan.FromSeconds(8) * 10);

        // And once it has expired, the user is refused (waiting for that state, not for a time; a start every 2.5 s
        // stays under the per-user start limit of 30 a minute).
        await Eventually.TrueAsync(async () =>
        {
            using var response = await viewer.StartAsync(movieId);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden, $"A start answered {(int)response.StatusCode}.");
            return response.StatusCode == HttpStatusCode.Forbidden;
        }, "a start after the subscription expired is refused", every: TimeSpan.FromSeconds(2.5));
    }

    /// <summary>A user the user service does not know (404) is refused, but only briefly cached as such.</summary>
    [Fact]
    public async Task An_unknown_user_who_then_subscribes_can_stream_within_the_short_unknown_user_ttl()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, Guid.NewGuid());
        using (var refused = await viewer.StartAsync(movieId))
        {
            var problem = await Problems.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
            Assert.Equal("No active subscription", problem.GetProperty("title").GetString());
        }

        // Briefly cached as unknown: for the unknown-user TTL, far shorter than an answer's TTL.
        var ttl = await CachedForAsync(viewer.UserId);
        Assert.True(ttl <= ApiTimingApp.UnknownUserCacheTtl, $"An unknown user is cached for {ttl}.");
        Assert.True(ApiTimingApp.UnknownUserCacheTtl * 5 <= ApiTimingApp.SubscriptionCacheTtl);

        await _users.SetSubscriptionAsync(viewer.UserId, active: true);
        await ExpireAsync(viewer.UserId);
        using var accepted = await viewer.StartAsync(movieId);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    /// <summary>How long the user's cache entry has left; it must exist.</summary>
    private async Task<TimeSpan> CachedForAsync(Guid userId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(ResourceNames.Redis));
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(CacheKey(userId));
        Assert.True(ttl is not null, $"No cache entry with a TTL for {userId}.");
        return ttl.Value;
    }

    /// <summary>What the TTL's passing does: the user's cache entry is gone.</summary>
    private async Task ExpireAsync(Guid userId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(ResourceNames.Redis));
        Assert.True(await redis.GetDatabase().KeyDeleteAsync(CacheKey(userId)), $"No cache entry for {userId} to expire.");
    }

    // The API's cache key (Streaming.Api SubscriptionChecker), read here as an operator would.
    private static RedisKey CacheKey(Guid userId) => $"subscription:{userId:N}";

    public async Task DisposeAsync()
    {
        await _users.ClearFaultsAsync();
        _users.Dispose();
    }
}
