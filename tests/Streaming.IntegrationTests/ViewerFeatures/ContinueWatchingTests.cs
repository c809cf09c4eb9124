using System.Net;
using System.Text.Json;
using Npgsql;
using Streaming.Api.ContinueWatching;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.ViewerFeatures;

/// <summary>Durations, finished titles, and the continue-watching row.</summary>
[Collection(ProgressCollection.Name)]
public sealed class ContinueWatchingTests(ProgressApp app)
{
    [Fact]
    public async Task A_position_beyond_the_end_is_clamped_and_a_finished_title_starts_over()
    {
        var movie = await MediaBucket.UploadTitleOfAsync(app, 40);
        using var viewer = new Viewer(app, Guid.NewGuid());

        using (var saved = await viewer.ReportProgressAsync(movie, 1800))
        {
            Assert.Equal(40, (await Json.ReadAsync(saved)).GetProperty("position_seconds").GetInt32());
        }
        var finished = await Json.ReadAsync(await viewer.GetProgressAsync(movie));
        Assert.Equal(40, finished.GetProperty("position_seconds").GetInt32());
        Assert.Equal(40, finished.GetProperty("duration_seconds").GetInt32());
        Assert.True(finished.GetProperty("completed").GetBoolean());
        Assert.Equal(0, finished.GetProperty("resume_position_seconds").GetInt32());
    }

    [Theory]
    [InlineData(5, false, 0)]    // 5% of 100 s: not started yet, so from the beginning
    [InlineData(6, false, 6)]
    [InlineData(89, false, 89)]
    [InlineData(90, true, 0)]    // 90%: finished
    public async Task Titles_are_started_past_5_percent_and_finished_from_90(int position, bool completed, int resumeAt)
    {
        var movie = await MediaBucket.UploadTitleOfAsync(app, 100);
        using var viewer = new Viewer(app, Guid.NewGuid());
        (await viewer.StopAsync(movie, position)).EnsureSuccessStatusCode();

        var progress = await Json.ReadAsync(await viewer.GetProgressAsync(movie));
        Assert.Equal(completed, progress.GetProperty("completed").GetBoolean());
        Assert.Equal(resumeAt, progress.GetProperty("resume_position_seconds").GetInt32());
        var listed = (await PageAsync(viewer)).Items.Any(item => item.MovieId == movie);
        Assert.Equal(resumeAt > 0, listed);
    }

    [Fact]
    public async Task A_dash_only_title_takes_its_duration_from_the_mpd()
    {
        var movie = Guid.NewGuid();
        await MediaBucket.UploadAsync(app, movie, "index.mpd", MediaBucket.DashManifest.Replace("PT4S", "PT200S", StringComparison.Ordinal), "application/dash+xml");
        using var viewer = new Viewer(app, Guid.NewGuid());
        (await viewer.StopAsync(movie, 500)).EnsureSuccessStatusCode();

        var progress = await Json.ReadAsync(await viewer.GetProgressAsync(movie));
        Assert.Equal(200, progress.GetProperty("duration_seconds").GetInt32());
        Assert.Equal(200, progress.GetProperty("position_seconds").GetInt32());
    }

    [Fact]
    public async Task The_row_lists_the_callers_unfinished_titles_newest_first_and_a_stop_shows_at_once()
    {
        var titles = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => MediaBucket.UploadTitleOfAsync(app, 1000)));
        using var viewer = new Viewer(app, Guid.NewGuid());
        using var other = new Viewer(app, Guid.NewGuid());
        var finished = await MediaBucket.UploadTitleOfAsync(app, 1000);
        (await viewer.StopAsync(finished, 950)).EnsureSuccessStatusCode();
        foreach (var (title, i) in titles.Select((t, i) => (t, i)))
        {
            (await viewer.StopAsync(title, 100 + i)).EnsureSuccessStatusCode();
        }
        (await other.StopAsync(titles[0], 300)).EnsureSuccessStatusCode();

        var page = await PageAsync(viewer);
        Assert.Equal(titles.Reverse(), page.Items.Select(item => item.MovieId));
        Assert.Equal([102, 101, 100], page.Items.Select(item => item.PositionSeconds));
        Assert.All(page.Items, item => Assert.Equal(1000, item.DurationSeconds));
        Assert.Equal(10.2, page.Items[0].ProgressPercent);
        Assert.Null(page.NextCursor);
        Assert.Equal([titles[0]], (await PageAsync(other)).Items.Select(item => item.MovieId));
    }

    [Fact]
    public async Task Pages_have_no_duplicates_or_gaps_while_new_progress_arrives()
    {
        var titles = await Task.WhenAll(Enumerable.Range(0, 7).Select(_ => MediaBucket.UploadTitleOfAsync(app, 1000)));
        using var viewer = new Viewer(app, Guid.NewGuid());
        foreach (var title in titles)
        {
            (await viewer.StopAsync(title, 100)).EnsureSuccessStatusCode();
        }

        var first = await PageAsync(viewer, "?limit=3");
        Assert.Equal(titles.Reverse().Take(3), first.Items.Select(item => item.MovieId));
        // Watched again between two pages: it moves to the front, ahead of the cursor.
        (await viewer.StopAsync(titles[1], 200)).EnsureSuccessStatusCode();
        var second = await PageAsync(viewer, $"?limit=2&cursor={first.NextCursor}");
        var third = await PageAsync(viewer, $"?limit=2&cursor={second.NextCursor}");

        Assert.Equal([titles[3], titles[2]], second.Items.Select(item => item.MovieId));
        Assert.Equal([titles[0]], third.Items.Select(item => item.MovieId));
        Assert.Null(third.NextCursor);
        Assert.Equal(titles[1], (await PageAsync(viewer, "?limit=1")).Items.Single().MovieId);
    }

    [Fact]
    public async Task A_removed_title_stays_hidden_until_it_is_watched_again()
    {
        var movie = await MediaBucket.UploadTitleOfAsync(app, 1000);
        using var viewer = new Viewer(app, Guid.NewGuid());
        (await viewer.StopAsync(movie, 100)).EnsureSuccessStatusCode();

        using (var removed = await viewer.Http.DeleteAsync($"/api/v1/me/continue-watching/{movie}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }
        Assert.DoesNotContain((await PageAsync(viewer)).Items, item => item.MovieId == movie);
        // Its progress is kept.
        Assert.Equal(100, (await Json.ReadAsync(await viewer.GetProgressAsync(movie))).GetProperty("position_seconds").GetInt32());

        (await viewer.ReportProgressAsync(movie, 130)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await PageAsync(viewer)).Items.Any(item => item.MovieId == movie && item.PositionSeconds == 130),
            "the title comes back after newer progress was persisted");

        using var unknown = await viewer.Http.DeleteAsync($"/api/v1/me/continue-watching/{Guid.NewGuid()}");
        await Problems.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_row_needs_a_token_and_refuses_bad_paging()
    {
        using var anonymous = app.CreateClient();
        using (var response = await anonymous.GetAsync("/api/v1/me/continue-watching"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using (var response = await anonymous.DeleteAsync($"/api/v1/me/continue-watching/{Guid.NewGuid()}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var viewer = new Viewer(app, Guid.NewGuid());
        await Problems.AssertFieldErrorAsync(await viewer.Http.GetAsync("/api/v1/me/continue-watching?limit=0"), "limit");
        await Problems.AssertFieldErrorAsync(await viewer.Http.GetAsync("/api/v1/me/continue-watching?limit=101"), "limit");
        await Problems.AssertFieldErrorAsync(await viewer.Http.GetAsync("/api/v1/me/continue-watching?cursor=forged"), "cursor");
        await Problems.AssertFieldErrorAsync(await viewer.Http.DeleteAsync("/api/v1/me/continue-watching/not-a-uuid"), "movie_id");
    }

    [Fact]
    public async Task A_page_is_read_through_the_recent_index_not_a_scan()
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        // Other users' history, so that the planner has a table worth an index.
        await using (var fill = new NpgsqlCommand("""
            INSERT INTO titles (id, duration_seconds, learned_at) SELECT gen_random_uuid(), 1000, now() FROM generate_series(1, 200) ON CONFLICT DO NOTHING;
            INSERT INTO watch_progress (user_id, movie_id, position_seconds, last_watched_at)
            SELECT gen_random_uuid(), gen_random_uuid(), 100, now() - u * interval '1 second'
            FROM generate_series(1, 20000) AS u;
            ANALYZE watch_progress; ANALYZE titles;
            """, connection))
        {
            await fill.ExecuteNonQueryAsync();
        }
        foreach (var sql in new[] { ContinueWatchingQuery.FirstPageSql, ContinueWatchingQuery.NextPageSql })
        {
            await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, connection);
            explain.Parameters.AddWithValue("user", Guid.NewGuid());
            explain.Parameters.AddWithValue("started", 0.05);
            explain.Parameters.AddWithValue("completed", 0.9);
            explain.Parameters.AddWithValue("limit", 21);
            explain.Parameters.AddWithValue("after_time", DateTime.UtcNow);
            explain.Parameters.AddWithValue("after_movie", Guid.NewGuid());
            var plan = (string)(await explain.ExecuteScalarAsync())!;
            Assert.Contains("ix_watch_progress_recent", plan, StringComparison.Ordinal);
            Assert.DoesNotMatch("\"Seq Scan\",[^}]*\"Relation Name\": \"watch_progress\"", plan);
        }
    }

    private static async Task<ContinueWatchingPage> PageAsync(Viewer viewer, string query = "")
    {
        using var response = await viewer.Http.GetAsync("/api/v1/me/continue-watching" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<ContinueWatchingPage>(body)!;
    }
}
