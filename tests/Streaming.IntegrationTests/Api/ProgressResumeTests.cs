using System.Globalization;
using System.Net;
using Npgsql;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>POST and GET /api/v1/stream/{movie_id}/progress: what a player reports is what it resumes from.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class ProgressResumeTests(ApiContractApp app)
{
    [Fact]
    public async Task Reporting_progress_answers_the_spec_shape()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());

        using var response = await viewer.ReportProgressAsync(await MediaBucket.UploadTitleAsync(app), 120);

        var body = await Json.ReadAsync(response);
        Assert.Equal(["success", "position_seconds", "message"], Json.PropertyNames(body));
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(120, body.GetProperty("position_seconds").GetInt32());
        Assert.Equal("Progress updated successfully", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Reported_progress_is_read_back_with_the_spec_shape()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());
        var movieId = await MediaBucket.UploadTitleAsync(app);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        (await viewer.ReportProgressAsync(movieId, 120)).EnsureSuccessStatusCode();

        using var response = await viewer.GetProgressAsync(movieId);

        var body = await Json.ReadAsync(response);
        Assert.Equal(["user_id", "movie_id", "position_seconds", "last_watched_at", "duration_seconds", "completed", "resume_position_seconds"], Json.PropertyNames(body));
        Assert.Equal(viewer.UserId, body.GetProperty("user_id").GetGuid());
        Assert.Equal(movieId, body.GetProperty("movie_id").GetGuid());
        Assert.Equal(120, body.GetProperty("position_seconds").GetInt32());
        var lastWatchedAt = body.GetProperty("last_watched_at").GetString()!;
        Assert.EndsWith("Z", lastWatchedAt);
        var parsed = DateTimeOffset.Parse(lastWatchedAt, CultureInfo.InvariantCulture);
        Assert.InRange(parsed, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task The_latest_report_wins()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());
        var movieId = await MediaBucket.UploadTitleAsync(app);
        (await viewer.ReportProgressAsync(movieId, 120)).EnsureSuccessStatusCode();
        (await viewer.ReportProgressAsync(movieId, 130)).EnsureSuccessStatusCode();

        using var response = await viewer.GetProgressAsync(movieId);

        Assert.Equal(130, (await Json.ReadAsync(response)).GetProperty("position_seconds").GetInt32());
    }

    [Fact]
    public async Task Progress_is_per_user()
    {
        using var watcher = new Viewer(app, Guid.NewGuid());
        using var other = new Viewer(app, Guid.NewGuid());
        var movieId = await MediaBucket.UploadTitleAsync(app);
        (await watcher.ReportProgressAsync(movieId, 120)).EnsureSuccessStatusCode();

        using var response = await other.GetProgressAsync(movieId);

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Progress_never_recorded_is_404()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());

        using var response = await viewer.GetProgressAsync(Guid.NewGuid());

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Progress_only_in_postgres_is_still_answered()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());
        var movieId = await MediaBucket.UploadTitleAsync(app);
        await using (var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database)))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO watch_progress (user_id, movie_id, position_seconds, last_watched_at) VALUES ($1, $2, 777, '2024-11-15T10:30:00Z')", connection);
            insert.Parameters.Add(new() { Value = viewer.UserId });
            insert.Parameters.Add(new() { Value = movieId });
            await insert.ExecuteNonQueryAsync();
        }

        using var response = await viewer.GetProgressAsync(movieId);

        var body = await Json.ReadAsync(response);
        Assert.Equal(777, body.GetProperty("position_seconds").GetInt32());
        Assert.Equal(new DateTimeOffset(2024, 11, 15, 10, 30, 0, TimeSpan.Zero),
            DateTimeOffset.Parse(body.GetProperty("last_watched_at").GetString()!, CultureInfo.InvariantCulture));
    }
}
