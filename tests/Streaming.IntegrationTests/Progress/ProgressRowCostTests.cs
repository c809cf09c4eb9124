using System.Net.Http.Json;
using Npgsql;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Progress;

/// <summary>
/// Issue 10 item 3: a progress row is cheap to write. Its id is time-ordered (inserts append to the primary key) and
/// an update, which changes no indexed column, stays on its page (HOT) and touches neither index.
/// </summary>
[Collection(StreamingAppCollection.Name)]
public sealed class ProgressRowCostTests(StreamingApp app)
{
    // The worker's statement: a batch of new positions for rows that exist.
    private const string UpsertSql = """
        INSERT INTO watch_progress (id, user_id, movie_id, position_seconds, last_watched_at)
        SELECT gen_random_uuid(), batch.user_id, batch.movie_id, 99, now()
        FROM unnest(@users, @movies) AS batch(user_id, movie_id)
        ON CONFLICT (user_id, movie_id) DO UPDATE
        SET position_seconds = EXCLUDED.position_seconds, last_watched_at = EXCLUDED.last_watched_at
        WHERE watch_progress.last_watched_at <= EXCLUDED.last_watched_at
        """;

    [Fact]
    public async Task Updating_many_stored_positions_is_heap_only_and_touches_no_index()
    {
        const int rows = 3000;
        var users = Enumerable.Range(0, rows).Select(_ => Guid.NewGuid()).ToArray();
        var movies = Enumerable.Range(0, rows).Select(_ => Guid.NewGuid()).ToArray();
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        // Committed first, so the rows fill whole pages as the worker's inserts do.
        await using (var insert = new NpgsqlCommand(UpsertSql, connection))
        {
            insert.Parameters.AddWithValue("users", users);
            insert.Parameters.AddWithValue("movies", movies);
            Assert.Equal(rows, await insert.ExecuteNonQueryAsync());
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand(UpsertSql, connection, transaction))
        {
            update.Parameters.AddWithValue("users", users);
            update.Parameters.AddWithValue("movies", movies);
            Assert.Equal(rows, await update.ExecuteNonQueryAsync());
        }
        // This transaction's own counts: other writers of the table do not blur them.
        await using var stats = new NpgsqlCommand(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'watch_progress'", connection, transaction);
        await using var reader = await stats.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var (updated, hot) = (reader.GetInt64(0), reader.GetInt64(1));
        Assert.Equal(rows, updated);
        // At the default fillfactor (100) the pages are full and almost every update moves its row: ~1% HOT.
        Assert.True(hot >= rows * 9 / 10, $"only {hot} of {updated} updates were HOT");
    }

    [Fact]
    public async Task The_worker_stores_a_time_ordered_id()
    {
        using var client = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();
        (await client.PostAsJsonAsync($"/api/v1/stream/{movie}/progress", new { position_seconds = 30 })).EnsureSuccessStatusCode();

        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        Guid? id = null;
        await Eventually.TrueAsync(async () =>
        {
            await using var select = new NpgsqlCommand("SELECT id FROM watch_progress WHERE user_id = $1 AND movie_id = $2", connection);
            select.Parameters.Add(new() { Value = client.UserId() });
            select.Parameters.Add(new() { Value = movie });
            id = await select.ExecuteScalarAsync() as Guid?;
            return id is not null;
        }, TimeSpan.FromSeconds(60), "the position reaches PostgreSQL");
        Assert.Equal(7, id!.Value.Version);
        // Its first 48 bits are the Unix milliseconds of the write: within the last minutes.
        var millis = Convert.ToInt64(id.Value.ToString("N")[..12], 16);
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(millis), DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}
