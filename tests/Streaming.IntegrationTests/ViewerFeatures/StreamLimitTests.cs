using System.Net;
using System.Net.Http.Json;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.ViewerFeatures;

/// <summary>Streams at once per plan, live sessions, and stopping a chosen session.</summary>
[Collection(ProgressCollection.Name)]
public sealed class StreamLimitTests(ProgressApp app) : IDisposable
{
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task A_basic_users_second_stream_gets_409_listing_the_first_and_starts_after_a_stop()
    {
        var (first, second) = (await MediaBucket.UploadTitleAsync(app), await MediaBucket.UploadTitleAsync(app));
        using var viewer = new Viewer(app, await _users.CreateUserAsync(plan: "basic"));
        viewer.Http.DefaultRequestHeaders.UserAgent.ParseAdd("living-room-tv/1.0");
        var sessionId = await viewer.StartSessionAsync(first);

        using (var refused = await viewer.StartAsync(second))
        {
            var problem = await Problems.AssertProblemAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal("Too many streams", problem.GetProperty("title").GetString());
            var live = Assert.Single(problem.GetProperty("live_sessions").EnumerateArray());
            Assert.Equal(sessionId, live.GetProperty("session_id").GetGuid());
            Assert.Equal(first, live.GetProperty("movie_id").GetGuid());
            Assert.Equal("living-room-tv/1.0", live.GetProperty("user_agent").GetString());
            Assert.EndsWith("Z", live.GetProperty("started_at").GetString());
        }

        (await viewer.StopAsync(first, 60)).EnsureSuccessStatusCode();
        await viewer.StartSessionAsync(second);
    }

    [Fact]
    public async Task A_session_without_signs_of_life_stops_counting_after_the_idle_timeout()
    {
        var (first, second) = (await MediaBucket.UploadTitleAsync(app), await MediaBucket.UploadTitleAsync(app));
        using var viewer = new Viewer(app, await _users.CreateUserAsync(plan: "basic"));
        var session = await viewer.StartSessionAsync(first);

        // Progress reports are signs of life: the session stays live past the timeout since its start while they come.
        await SessionTime.PassAsync(app, session);
        var seen = await StreamSessionRows.LastSeenAsync(app, session);
        (await viewer.ReportProgressAsync(first, 10)).EnsureSuccessStatusCode();
        await SessionTime.WaitForSignOfLifeAsync(app, session, seen);
        await SessionTime.PassAsync(app, session);
        using (var refused = await viewer.StartAsync(second))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        // Then the player goes silent (crashed, no stop): the session idles out and the next start succeeds.
        await SessionTime.PassAsync(app, session);
        await Eventually.TrueAsync(async () =>
        {
            using var again = await viewer.StartAsync(second);
            Assert.True(again.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"A start answered {(int)again.StatusCode}.");
            return again.StatusCode == HttpStatusCode.OK;
        }, "the silent session stops counting", every: TimeSpan.FromSeconds(2.5)); // under the start limit of 30 a minute
    }

    [Fact]
    public async Task A_premium_user_gets_four_streams_and_not_five()
    {
        var titles = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => MediaBucket.UploadTitleAsync(app)));
        using var viewer = new Viewer(app, await _users.CreateUserAsync(plan: "premium"));
        foreach (var title in titles.Take(4))
        {
            await viewer.StartSessionAsync(title);
        }

        using var fifth = await viewer.StartAsync(titles[4]);
        var problem = await Problems.AssertProblemAsync(fifth, HttpStatusCode.Conflict);
        Assert.Equal(titles.Take(4).Order(), problem.GetProperty("live_sessions").EnumerateArray().Select(s => s.GetProperty("movie_id").GetGuid()).Order());
    }

    [Fact]
    public async Task The_user_services_max_streams_wins_and_an_unknown_plan_has_no_limit()
    {
        var titles = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => MediaBucket.UploadTitleAsync(app)));
        using var twoOnBasic = new Viewer(app, await _users.CreateUserAsync(plan: "basic", maxStreams: 2));
        await twoOnBasic.StartSessionAsync(titles[0]);
        await twoOnBasic.StartSessionAsync(titles[1]);
        Assert.Equal(HttpStatusCode.Conflict, (await twoOnBasic.StartAsync(titles[2])).StatusCode);

        using var family = new Viewer(app, await _users.CreateUserAsync(plan: "family"));
        foreach (var title in titles)
        {
            await family.StartSessionAsync(title);
        }
    }

    [Fact]
    public async Task A_stop_with_session_id_closes_exactly_that_session()
    {
        var movie = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync(plan: "standard"));
        var older = await viewer.StartSessionAsync(movie);
        var newer = await viewer.StartSessionAsync(movie);

        using (var stopped = await viewer.Http.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 30, session_id = older }))
        {
            stopped.EnsureSuccessStatusCode();
        }
        var rows = await StreamSessionRows.ForAsync(app, viewer.UserId, movie);
        Assert.NotNull(rows.Single(r => r.Id == older).EndedAt);
        Assert.Null(rows.Single(r => r.Id == newer).EndedAt);

        // Stopping it again tells why it ended; a session that was never the caller's stays unknown to them.
        using var again = await viewer.Http.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 40, session_id = older });
        Assert.Equal("stopped", (await Problems.AssertProblemAsync(again, HttpStatusCode.Conflict)).GetProperty("reason").GetString());
        using var someoneElses = new Viewer(app, Guid.NewGuid());
        using var foreign = await someoneElses.Http.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 40, session_id = newer });
        await Problems.AssertProblemAsync(foreign, HttpStatusCode.NotFound);
        Assert.Null((await StreamSessionRows.ForAsync(app, viewer.UserId, movie)).Single(r => r.Id == newer).EndedAt);
        await Problems.AssertFieldErrorAsync(await viewer.Http.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 40, session_id = "x" }), "session_id");
    }

    public void Dispose() => _users.Dispose();
}
