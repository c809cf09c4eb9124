using System.Net;
using Npgsql;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.Outages;

/// <summary>Redis stopped under the AppHost: progress cannot be taken, but what PostgreSQL holds can still be read.</summary>
[Collection(OutageCollection.Name)]
public sealed class RedisOutageTests(OutageApp app)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task While_redis_is_stopped_progress_writes_answer_503_without_waiting_for_it_and_reads_fall_back_to_postgres()
    {
        using var viewer = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();
        await Outage.AssertOkAsync(() => viewer.ReportProgressAsync(movie, 120), "progress before the outage");
        await Eventually.TrueAsync(async () => await PersistedPositionAsync(viewer.UserId(), movie) == 120, DrainTimeout,
            "the update is persisted in PostgreSQL");

        await ResourceControl.StopAsync(app.App, ResourceNames.Redis);
        try
        {
            await Outage.AssertProblemAsync(() => viewer.ReportProgressAsync(movie, 130), HttpStatusCode.ServiceUnavailable, "a progress write without Redis");
            var stored = await Outage.AssertOkAsync(() => viewer.GetProgressAsync(movie), "a progress read without Redis");
            Assert.Equal(120, stored.GetProperty("position_seconds").GetInt32());
        }
        finally
        {
            await ResourceControl.StartAsync(app.App, ResourceNames.Redis);
        }

        await Outage.AssertRecoversAsync(() => viewer.ReportProgressAsync(movie, 140), Outage.RecoveryBound, "a progress write after Redis returned");
    }

    private async Task<int?> PersistedPositionAsync(Guid userId, Guid movieId)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await app.ConnectionStringAsync(ResourceNames.Database)) { Pooling = false, Timeout = 5 };
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT position_seconds FROM watch_progress WHERE user_id = $1 AND movie_id = $2", connection)
        {
            Parameters = { new() { Value = userId }, new() { Value = movieId } },
        };
        return await query.ExecuteScalarAsync() is int position ? position : null;
    }
}
