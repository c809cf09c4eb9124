using System.Net;
using Streaming.Api.Playback.Credentials;
using Streaming.IntegrationTests.Api;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Delivery;

/// <summary>
/// GET /api/v1/playback/authorize as the edge calls it: a genuine credential of a playing session is allowed, with
/// how long the edge may reuse the answer; anything else is refused with the contract's reason.
/// </summary>
[Collection(ApiContractCollection.Name)]
public sealed class PlaybackAuthorizationTests(ApiContractApp app) : IDisposable
{
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task A_playing_sessions_credential_is_allowed_for_its_title_and_any_object_path()
    {
        var (movie, _, credential, _) = await StartAsync();

        foreach (var path in new[] { "index.m3u8", "v0/index.m3u8", "v0/seg_00001.ts", "init-0.m4s" })
        {
            using var allowed = await PlaybackCredentials.AuthorizeAsync(app, PlaybackCredentials.EdgeUri(credential, movie, path));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Null(PlaybackCredentials.DeniedReason(allowed));
            // PLAYBACK_REVOCATION_SECONDS is 10 by default: an allowed answer is reused for at most 5 s.
            Assert.Equal("5", allowed.Headers.GetValues("X-Accel-Expires").Single());
        }
    }

    [Fact]
    public async Task Malformed_tampered_missing_and_traversing_requests_are_invalid()
    {
        var (movie, _, credential, _) = await StartAsync();
        var tampered = credential[..^2] + (credential[^2] == 'A' ? "BB" : "AA");

        await AssertDeniedAsync(null, "invalid");
        await AssertDeniedAsync("", "invalid");
        await AssertDeniedAsync(PlaybackCredentials.EdgeUri(tampered, movie), "invalid");
        await AssertDeniedAsync(PlaybackCredentials.EdgeUri("x", movie), "invalid");
        await AssertDeniedAsync($"/play/{credential}/{movie}/../{Guid.NewGuid()}/index.m3u8", "invalid");
        await AssertDeniedAsync($"/play/{credential}/{movie}/v0//seg.ts", "invalid");
        await AssertDeniedAsync($"/play/{credential}/{movie.ToString().ToUpperInvariant()}/index.m3u8", "invalid");
        await AssertDeniedAsync($"/api/v1/playback/{credential}/{movie}/index.m3u8", "invalid");
    }

    [Fact]
    public async Task A_credential_for_another_title_or_past_its_expiry_is_refused_with_that_reason()
    {
        var (movie, viewer, credential, session) = await StartAsync();
        var expired = PlaybackCredentials.Signer.Issue(new PlaybackCredential(session, viewer, movie, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()));

        await AssertDeniedAsync(PlaybackCredentials.EdgeUri(credential, await MediaBucket.UploadTitleAsync(app)), "wrong_title");
        await AssertDeniedAsync(PlaybackCredentials.EdgeUri(expired, movie), "expired");
        using var control = await PlaybackCredentials.AuthorizeAsync(app, PlaybackCredentials.EdgeUri(credential, movie));
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
    }

    [Fact]
    public async Task A_stopped_sessions_credential_and_manifest_are_refused_and_its_progress_answers_409_stopped()
    {
        var (movie, userId, credential, session) = await StartAsync();
        using var viewer = new Viewer(app, userId);
        using var player = app.CreateClient();
        var manifest = $"/api/v1/playback/{credential}/{movie}/index.m3u8";
        using (var before = await player.GetAsync(manifest))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        (await viewer.StopAsync(movie, 30)).EnsureSuccessStatusCode();

        await AssertDeniedAsync(PlaybackCredentials.EdgeUri(credential, movie, "v0/seg_00002.ts"), "stopped");
        // Presigned delivery's manifest route runs the same check.
        using (var after = await player.GetAsync(manifest))
        {
            await Problems.AssertProblemAsync(after, HttpStatusCode.Forbidden);
            Assert.Equal("stopped", PlaybackCredentials.DeniedReason(after));
        }
        using var progress = await viewer.ReportProgressAsync(movie, 40, session);
        var problem = await Problems.AssertProblemAsync(progress, HttpStatusCode.Conflict);
        Assert.Equal("stopped", problem.GetProperty("reason").GetString());
        // Progress that names no session is not about this session: unchanged.
        (await viewer.ReportProgressAsync(movie, 41)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task After_four_starts_and_stops_on_a_basic_account_only_the_last_live_sessions_credential_is_allowed()
    {
        var movie = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync(plan: "basic"));
        var credentials = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                (await viewer.StopAsync(movie, i * 10)).EnsureSuccessStatusCode();
            }
            using var started = await viewer.StartAsync(movie);
            credentials.Add(PlaybackCredentials.Of((await Json.ReadAsync(started)).GetProperty("manifest_url").GetString()!));
        }

        foreach (var stopped in credentials.Take(3))
        {
            await AssertDeniedAsync(PlaybackCredentials.EdgeUri(stopped, movie), "stopped");
        }
        using var last = await PlaybackCredentials.AuthorizeAsync(app, PlaybackCredentials.EdgeUri(credentials[^1], movie));
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
    }

    private async Task AssertDeniedAsync(string? originalUri, string reason)
    {
        using var response = await PlaybackCredentials.AuthorizeAsync(app, originalUri);
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{originalUri}: {(int)response.StatusCode}");
        Assert.Equal(reason, PlaybackCredentials.DeniedReason(response));
        Assert.Equal("60", response.Headers.GetValues("X-Accel-Expires").Single());
    }

    /// <summary>A new user's stream of a new title: (movie, user, credential, session).</summary>
    private async Task<(Guid Movie, Guid User, string Credential, Guid Session)> StartAsync()
    {
        var movie = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        using var started = await viewer.StartAsync(movie);
        var body = await Json.ReadAsync(started);
        return (movie, viewer.UserId, PlaybackCredentials.Of(body.GetProperty("manifest_url").GetString()!), body.GetProperty("session_id").GetGuid());
    }

    public void Dispose() => _users.Dispose();
}
