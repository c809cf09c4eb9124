using Microsoft.EntityFrameworkCore;
using Npgsql;
using Streaming.Api.Progress;
using Streaming.Core.Data;

namespace Streaming.Api.ContinueWatching;

/// <summary>
/// Reads the continue-watching row from PostgreSQL: the user's titles started (past PROGRESS_STARTED_RATIO) and not
/// finished (below PROGRESS_COMPLETED_RATIO), not hidden, newest first. Keyset pagination on (last_watched_at,
/// movie_id) walks <c>ix_watch_progress_recent</c> (user_id, last_watched_at, movie_id) backwards: a page costs its
/// own rows (plus the finished ones between them), never a scan of the user's history or of the table.
/// </summary>
public sealed class ContinueWatchingQuery(StreamingDbContext db, ViewingThresholds thresholds)
{
    private const string Template = """
        SELECT p.movie_id, p.position_seconds, t.duration_seconds, p.last_watched_at
        FROM watch_progress p
        JOIN titles t ON t.id = p.movie_id
        WHERE p.user_id = @user {0}
          AND (p.hidden_at IS NULL OR p.hidden_at < p.last_watched_at)
          AND p.position_seconds > t.duration_seconds * @started
          AND p.position_seconds < t.duration_seconds * @completed
        ORDER BY p.last_watched_at DESC, p.movie_id DESC
        LIMIT @limit
        """;

    /// <summary>The first page's statement (public so that a test can EXPLAIN exactly it).</summary>
    public static readonly string FirstPageSql = string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "");

    /// <summary>Every later page's statement: strictly below the cursor.</summary>
    public static readonly string NextPageSql = string.Format(System.Globalization.CultureInfo.InvariantCulture, Template,
        "AND (p.last_watched_at, p.movie_id) < (@after_time, @after_movie)");

    public async Task<ContinueWatchingPage> ReadAsync(Guid userId, int limit, ContinueWatchingCursor? after, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(after is null ? FirstPageSql : NextPageSql, connection);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("started", thresholds.StartedRatio);
        command.Parameters.AddWithValue("completed", thresholds.CompletedRatio);
        // One more than asked tells whether there is a next page.
        command.Parameters.AddWithValue("limit", limit + 1);
        if (after is { } cursor)
        {
            command.Parameters.AddWithValue("after_time", cursor.LastWatchedAt);
            command.Parameters.AddWithValue("after_movie", cursor.MovieId);
        }

        var rows = new List<(ContinueWatchingItem Item, ContinueWatchingCursor Key)>(limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (movieId, position, duration, at) = (reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetDateTime(3));
                rows.Add((new ContinueWatchingItem(movieId, position, duration, Math.Round(100.0 * position / duration, 1),
                    Core.Events.StreamEvent.FormatTimestamp(at)), new ContinueWatchingCursor(at, movieId)));
            }
        }
        var more = rows.Count > limit;
        var page = rows.Take(limit).ToList();
        return new ContinueWatchingPage(page.Select(row => row.Item).ToList(), more ? page[^1].Key.Encode() : null);
    }
}
