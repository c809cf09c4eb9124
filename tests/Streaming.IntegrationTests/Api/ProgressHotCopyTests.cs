using Npgsql;
using StackExchange.Redis;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>
/// The hot copy in Redis lives for REDIS_PROGRESS_TTL (read from Redis); after that GET progress answers from
/// PostgreSQL, where the progress worker persisted it. The tests expire a hot copy by deleting its key, as its TTL would.
/// </summary>
[Collection(ApiTimingCollection.Name)]
public sealed class ProgressHotCopyTests(ApiTimingApp app)
{

    [Fact]
    public async Task The_hot_copy_expires_after_the_configured_ttl()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());
        var movieId = await MediaBucket.UploadTitleAsync(app);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(ResourceNames.Redis));

        (await viewer.ReportProgressAsync(movieId, 120)).EnsureSuccessStatusCode();

        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(HotKey(viewer.UserId, movieId));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), ApiTimingApp.ProgressHotCopyTtl);
    }

    [Fact]
    public async Task After_the_hot_copy_expires_progress_is_answered_from_postgres()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());
        var movieId = await MediaBucket.UploadTitleAsync(app);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(ResourceNames.Redis));
        (await viewer.ReportProgressAsync(movieId, 120)).EnsureSuccessStatusCode();
        using (var hot = await viewer.GetProgressAsync(movieId))
        {
            Assert.Equal(120, (await Json.ReadAsync(hot)).GetProperty("position_seconds").GetInt32());
        }

        await Eventually.TrueAsync(async () => await PersistedPositionAsync(viewer.UserId, movieId) == 120, "the worker to persist the progress");
        Assert.True(await redis.GetDatabase().KeyDeleteAsync(HotKey(viewer.UserId, movieId)), "The hot copy was there to expire.");

        using var response = await viewer.GetProgressAsync(movieId);
        var body = await Json.ReadAsync(response);
        Assert.Equal(120, body.GetProperty("position_seconds").GetInt32());
        Assert.Equal(viewer.UserId, body.GetProperty("user_id").GetGuid());
        Assert.Equal(movieId, body.GetProperty("movie_id").GetGuid());
        Assert.EndsWith("Z", body.GetProperty("last_watched_at").GetString());
    }

    [Fact]
    public async Task Progress_reported_after_the_hot_copy_expired_replaces_the_persisted_one()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());
        var movieId = await MediaBucket.UploadTitleAsync(app);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(ResourceNames.Redis));
        (await viewer.ReportProgressAsync(movieId, 120)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => await PersistedPositionAsync(viewer.UserId, movieId) == 120, "the worker to persist the progress");
        Assert.True(await redis.GetDatabase().KeyDeleteAsync(HotKey(viewer.UserId, movieId)), "The hot copy was there to expire.");

        (await viewer.ReportProgressAsync(movieId, 300)).EnsureSuccessStatusCode();

        using var response = await viewer.GetProgressAsync(movieId);
        Assert.Equal(300, (await Json.ReadAsync(response)).GetProperty("position_seconds").GetInt32());
        await Eventually.TrueAsync(async () => await PersistedPositionAsync(viewer.UserId, movieId) == 300, "the worker to persist the newer progress");
    }

    // The API's documented Redis layout (Streaming.Core ProgressShard.HotKey), read here as an operator would.
    private static RedisKey HotKey(Guid userId, Guid movieId) => ProgressKeys.HotKey(userId, movieId);

    private async Task<int?> PersistedPositionAsync(Guid userId, Guid movieId)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT position_seconds FROM watch_progress WHERE user_id = $1 AND movie_id = $2", connection);
        select.Parameters.Add(new() { Value = userId });
        select.Parameters.Add(new() { Value = movieId });
        return await select.ExecuteScalarAsync() as int?;
    }

}
