using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Playback;

namespace Streaming.IntegrationTests.Delivery;

/// <summary>
/// Each cause of revocation, through the edge with the real API: the revoked session's next segment request is
/// refused with the cause as X-Playback-Denied (waited for, generously: PLAYBACK_REVOCATION_SECONDS is the benchmark's
/// figure), while another session of the same title keeps getting the same segments from the edge's cache; a
/// progress report naming the revoked session answers 409 with the reason.
/// </summary>
[Collection(PlaybackCollection.Name)]
public sealed class EdgeRevocationTests(PlaybackApp app) : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    private readonly StubUserService _users = new(app);
    private readonly HttpClient _edge = app.CreateEdgeClient();

    [Fact]
    public async Task A_stopped_session_is_refused_as_stopped()
    {
        var title = await EdgeTitle.UploadAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        var session = await EdgeSession.StartAsync(viewer, title.Movie);
        var bystander = await BystanderAsync(title);
        await PlayFirstSegmentAsync(title, session, bystander);

        (await viewer.StopAsync(title.Movie, 4)).EnsureSuccessStatusCode();

        await AssertRevokedAsync(title, viewer, session, bystander, "stopped");
    }

    [Fact]
    public async Task A_session_stopped_from_another_device_after_a_409_is_refused_as_stopped_elsewhere()
    {
        var title = await EdgeTitle.UploadAsync(app);
        using var account = new Viewer(app, await _users.CreateUserAsync(plan: "basic"));
        var phone = await EdgeSession.StartAsync(account, title.Movie, "phone");
        using (var tooMany = await account.Http.PostAsJsonAsync($"/api/v1/stream/{title.Movie}", new { device_id = "tv" }))
        {
            var live = (await Problems.AssertProblemAsync(tooMany, HttpStatusCode.Conflict)).GetProperty("live_sessions").EnumerateArray().Single();
            Assert.Equal(phone.Id, live.GetProperty("session_id").GetGuid());
        }
        await PlayFirstSegmentAsync(title, phone);

        using (var stop = await account.Http.PostAsJsonAsync($"/api/v1/stream/{title.Movie}/stop", new { position_seconds = 4, session_id = phone.Id, device_id = "tv" }))
        {
            stop.EnsureSuccessStatusCode();
        }
        // The device that took the slot plays the same title, from the edge's cache.
        var tv = await EdgeSession.StartAsync(account, title.Movie, "tv");
        await PlayFirstSegmentAsync(title, tv);

        await AssertRevokedAsync(title, account, phone, tv, "stopped_elsewhere");
    }

    [Fact]
    public async Task A_session_the_idle_reaper_closes_is_refused_as_idle_timeout()
    {
        var title = await EdgeTitle.UploadAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        var session = await EdgeSession.StartAsync(viewer, title.Movie);
        var bystander = await BystanderAsync(title);
        await PlayFirstSegmentAsync(title, session, bystander);

        // Its last sign of life long before SESSION_IDLE_TIMEOUT, instead of waiting for it.
        await using (var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database)))
        {
            await connection.OpenAsync();
            await using var age = new NpgsqlCommand("UPDATE stream_sessions SET last_seen_at = now() - interval '1 hour', started_at = now() - interval '2 hours' WHERE id = $1", connection)
            {
                Parameters = { new() { Value = session.Id } },
            };
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }

        await AssertRevokedAsync(title, viewer, session, bystander, "idle_timeout");
    }

    [Fact]
    public async Task A_session_replaced_by_a_start_on_the_same_device_is_refused_as_replaced()
    {
        var title = await EdgeTitle.UploadAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync(plan: "basic"));
        var crashed = await EdgeSession.StartAsync(viewer, title.Movie, "set-top-box");
        await PlayFirstSegmentAsync(title, crashed);

        var restarted = await EdgeSession.StartAsync(viewer, title.Movie, "set-top-box");
        await PlayFirstSegmentAsync(title, restarted);

        await AssertRevokedAsync(title, viewer, crashed, restarted, "replaced");
    }

    [Fact]
    public async Task A_session_whose_subscription_reached_its_expires_at_is_refused_as_subscription_ended()
    {
        var title = await EdgeTitle.UploadAsync(app);
        var user = Guid.NewGuid();
        // The cached answer lives no longer than expires_at (SubscriptionChecker caps it there).
        await _users.SetSubscriptionAsync(user, active: true, DateTimeOffset.UtcNow.AddSeconds(15));
        using var viewer = new Viewer(app, user);
        var session = await EdgeSession.StartAsync(viewer, title.Movie);
        var bystander = await BystanderAsync(title);
        await PlayFirstSegmentAsync(title, session, bystander);

        await AssertRevokedAsync(title, viewer, session, bystander, "subscription_ended");
    }

    [Fact]
    public async Task A_session_whose_subscription_the_user_service_ends_is_refused_as_subscription_ended()
    {
        var title = await EdgeTitle.UploadAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        var session = await EdgeSession.StartAsync(viewer, title.Movie);
        var bystander = await BystanderAsync(title);
        await PlayFirstSegmentAsync(title, session, bystander);

        // Seen once the cached answer (REDIS_SUBSCRIPTION_CACHE_TTL, short here) has run out.
        await _users.SetSubscriptionAsync(viewer.UserId, active: false);

        await AssertRevokedAsync(title, viewer, session, bystander, "subscription_ended");
    }

    /// <summary>Another viewer of the title, with a session of their own.</summary>
    private async Task<EdgeSession> BystanderAsync(EdgeTitle title)
    {
        using var other = new Viewer(app, await _users.CreateUserAsync());
        return await EdgeSession.StartAsync(other, title.Movie);
    }

    private async Task PlayFirstSegmentAsync(EdgeTitle title, params EdgeSession[] sessions)
    {
        foreach (var session in sessions)
        {
            Assert.Equal(title.Objects[EdgeTitle.Master], await session.FetchAsync(_edge, EdgeTitle.Master));
            Assert.Equal(title.Objects[title.FirstSegment], await session.FetchAsync(_edge, title.FirstSegment));
        }
    }

    private async Task AssertRevokedAsync(EdgeTitle title, Viewer owner, EdgeSession revoked, EdgeSession bystander, string reason)
    {
        var next = title.Segments.Skip(1).First();
        Assert.Equal(reason, await revoked.WaitUntilRefusedAsync(_edge, next, Generous));

        using (var manifest = await revoked.GetAsync(_edge, EdgeTitle.Master))
        {
            Assert.Equal(HttpStatusCode.Forbidden, manifest.StatusCode);
            Assert.Equal(reason, PlaybackCredentials.DeniedReason(manifest));
        }
        using (var playing = await bystander.GetAsync(_edge, title.FirstSegment))
        {
            Assert.Equal(HttpStatusCode.OK, playing.StatusCode);
            Assert.Equal("HIT", playing.Headers.GetValues("X-Cache-Status").Single());
            Assert.Equal(title.Objects[title.FirstSegment], await playing.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(title.Objects[next], await bystander.FetchAsync(_edge, next));

        using var progress = await owner.ReportProgressAsync(title.Movie, 8, revoked.Id);
        Assert.Equal(reason, (await Problems.AssertProblemAsync(progress, HttpStatusCode.Conflict)).GetProperty("reason").GetString());
    }

    public void Dispose()
    {
        _edge.Dispose();
        _users.Dispose();
    }
}
