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

    /// <summary>An answer is cached no longer than the subscription it describes lasts, however long the TTL.</summary>
    [Fact]
    public async Task A_subscription_that_expires_before_the_ttl_stops_being_accepted_when_it_expires()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        await _users.SetSubscriptionAsync(viewer.UserId, active: true, expiresAt);
        using (var accepted = await viewer.StartAsync(movieId))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var refusedAt = await FirstAnswerAsync(viewer, movieId, HttpStatusCode.Forbidden, expiresAt + TimeSpan.FromSeconds(4));

        // Cached for the whole TTL, the first refusal could come no earlier than 5 s after the start above, which
        // itself came after the subscription was set: later than the expiry plus this margin.
        var margin = TimeSpan.FromSeconds(1.5);
        Assert.True(ApiTimingApp.SubscriptionCacheTtl > TimeSpan.FromSeconds(3) + margin);
        Assert.True(refusedAt is not null && refusedAt <= expiresAt + margin,
            $"Still accepted {(refusedAt ?? DateTimeOffset.UtcNow) - expiresAt} after the subscription expired.");
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

        await _users.SetSubscriptionAsync(viewer.UserId, active: true);
        var subscribedAt = DateTimeOffset.UtcNow;
        var acceptedAt = await FirstAnswerAsync(viewer, movieId, HttpStatusCode.OK, subscribedAt + ApiTimingApp.SubscriptionCacheTtl + TimeSpan.FromSeconds(1));

        var bound = ApiTimingApp.UnknownUserCacheTtl + TimeSpan.FromSeconds(1.5);
        Assert.True(bound < ApiTimingApp.SubscriptionCacheTtl);
        Assert.True(acceptedAt is not null && acceptedAt - subscribedAt <= bound,
            $"Refused for {(acceptedAt ?? DateTimeOffset.UtcNow) - subscribedAt} after subscribing (the unknown-user TTL is {ApiTimingApp.UnknownUserCacheTtl}).");
    }

    /// <summary>Starts every 200 ms until the answer has the given status; when that first happened, or null by the deadline.</summary>
    private static async Task<DateTimeOffset?> FirstAnswerAsync(Viewer viewer, Guid movieId, HttpStatusCode status, DateTimeOffset deadline)
    {
        while (DateTimeOffset.UtcNow < deadline)
        {
            var sentAt = DateTimeOffset.UtcNow;
            using var response = await viewer.StartAsync(movieId);
            if (response.StatusCode == status)
            {
                return sentAt;
            }
            await Task.Delay(200);
        }
        return null;
    }

    public async Task DisposeAsync()
    {
        await _users.ClearFaultsAsync();
        _users.Dispose();
    }
}
