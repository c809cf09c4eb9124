using System.Net;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>POST /api/v1/stream/{movie_id}/stop: the final position is kept and the session is closed once.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class StopStreamTests(ApiContractApp app) : IDisposable
{
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task Stopping_answers_the_spec_shape_and_keeps_the_final_position()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        using var response = await viewer.StopAsync(movieId, 1800);

        var body = await Json.ReadAsync(response);
        Assert.Equal(["success", "message"], Json.PropertyNames(body));
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("Stream stopped successfully", body.GetProperty("message").GetString());
        using var progress = await viewer.GetProgressAsync(movieId);
        Assert.Equal(1800, (await Json.ReadAsync(progress)).GetProperty("position_seconds").GetInt32());
    }

    [Fact]
    public async Task A_repeated_stop_succeeds_and_changes_nothing()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();
        (await viewer.StopAsync(movieId, 1800)).EnsureSuccessStatusCode();
        var afterFirstStop = await StreamSessionRows.ForAsync(app, viewer.UserId, movieId);

        using var repeated = await viewer.StopAsync(movieId, 1800);

        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var afterSecondStop = await StreamSessionRows.ForAsync(app, viewer.UserId, movieId);
        var session = Assert.Single(afterSecondStop);
        Assert.NotNull(session.EndedAt);
        Assert.Equal(afterFirstStop, afterSecondStop);
    }

    [Fact]
    public async Task Stopping_without_a_started_stream_still_records_the_position()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());
        var movieId = await MediaBucket.UploadTitleAsync(app);

        using var response = await viewer.StopAsync(movieId, 42);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await StreamSessionRows.ForAsync(app, viewer.UserId, movieId));
        using var progress = await viewer.GetProgressAsync(movieId);
        Assert.Equal(42, (await Json.ReadAsync(progress)).GetProperty("position_seconds").GetInt32());
    }

    public void Dispose() => _users.Dispose();
}
