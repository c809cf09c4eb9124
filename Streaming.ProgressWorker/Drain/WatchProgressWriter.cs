using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Streaming.Core.Data;
using Streaming.ProgressWorker.Buffer;

namespace Streaming.ProgressWorker.Drain;

/// <summary>Writes a collapsed batch into <c>watch_progress</c> with one statement.</summary>
public sealed class WatchProgressWriter(IServiceScopeFactory scopes)
{
    // Idempotent: a redelivered batch rewrites the same values, and an older update never overwrites a newer row.
    // RETURNING names the rows written, so the caller knows which updates the table refused as older.
    private const string UpsertSql = """
        INSERT INTO watch_progress (id, user_id, movie_id, position_seconds, last_watched_at)
        SELECT batch.id, batch.user_id, batch.movie_id, batch.position_seconds, batch.last_watched_at
        FROM unnest(@ids, @users, @movies, @positions, @times) AS batch(id, user_id, movie_id, position_seconds, last_watched_at)
        ON CONFLICT (user_id, movie_id) DO UPDATE
        SET position_seconds = EXCLUDED.position_seconds, last_watched_at = EXCLUDED.last_watched_at
        WHERE watch_progress.last_watched_at <= EXCLUDED.last_watched_at
        RETURNING user_id, movie_id
        """;

    // A persisted report is its session's sign of life (the idle reaper closes sessions without one), and only for the
    // reporting user's own session of that title: a player names the session itself. Sorted by session, so concurrent
    // batches lock sessions in the same order; never moved backwards.
    private const string SignsOfLifeSql = """
        UPDATE stream_sessions s SET last_seen_at = seen.at
        FROM unnest(@sessions, @users, @movies, @seen) AS seen(id, user_id, movie_id, at)
        WHERE s.id = seen.id AND s.user_id = seen.user_id AND s.movie_id = seen.movie_id
          AND s.ended_at IS NULL AND s.last_seen_at < seen.at
        """;

    /// <summary>
    /// Upserts rows that are unique per user and title and sorted; returns the rows the table refused because it
    /// already holds newer progress (empty in the common case).
    /// </summary>
    public async Task<UpsertResult> UpsertAsync(IReadOnlyList<ProgressUpdate> rows, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StreamingDbContext>();
        // Raw Npgsql, outside EF's retrying execution strategy: the caller keeps the batch and owns the retries.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);

        await using var command = new NpgsqlCommand(UpsertSql, connection);
        // Time-ordered ids: a new row goes to the end of the primary key, not to a random page of it.
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(_ => Guid.CreateVersion7()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("users", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(row => row.UserId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("movies", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(row => row.MovieId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("positions", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(row => row.PositionSeconds).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(row => row.EventTime).ToArray() });

        var written = new HashSet<(Guid UserId, Guid MovieId)>(rows.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                written.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }
        }
        await RecordSignsOfLifeAsync(connection, rows, cancellationToken);
        var refused = written.Count == rows.Count
            ? []
            : rows.Where(row => !written.Contains((row.UserId, row.MovieId))).ToList();
        return new UpsertResult(written.Count, refused);
    }

    private static async Task RecordSignsOfLifeAsync(NpgsqlConnection connection, IReadOnlyList<ProgressUpdate> rows, CancellationToken cancellationToken)
    {
        var seen = rows.Where(row => row.SessionId is not null)
            .GroupBy(row => (Id: row.SessionId!.Value, row.UserId, row.MovieId))
            .Select(group => (group.Key.Id, group.Key.UserId, group.Key.MovieId, At: group.Max(row => row.EventTime)))
            .OrderBy(session => session.Id)
            .ToList();
        if (seen.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand(SignsOfLifeSql, connection);
        command.Parameters.Add(new NpgsqlParameter("sessions", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = seen.Select(s => s.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("users", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = seen.Select(s => s.UserId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("movies", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = seen.Select(s => s.MovieId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("seen", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = seen.Select(s => s.At).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <param name="Written">Rows inserted or moved forward.</param>
/// <param name="Refused">Updates older than the row already stored; the table kept the newer progress.</param>
public sealed record UpsertResult(int Written, IReadOnlyList<ProgressUpdate> Refused);
