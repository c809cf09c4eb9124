using Microsoft.EntityFrameworkCore;
using Streaming.Core.Data;

namespace Streaming.Api.Sessions;

/// <summary>
/// A stop writes its final position into <c>watch_progress</c> in its own transaction, so continue watching shows it
/// at once instead of after the worker's next persist. Same newer-wins guard as the worker's batch upsert
/// (<c>WatchProgressWriter</c>): an older position never overwrites a newer one, and the worker's later copy of the
/// same update rewrites the same values.
/// </summary>
public static class FinalPosition
{
    public static Task UpsertAsync(StreamingDbContext db, Guid userId, Guid movieId, int positionSeconds, DateTime at, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO watch_progress (user_id, movie_id, position_seconds, last_watched_at)
            VALUES ({userId}, {movieId}, {positionSeconds}, {at})
            ON CONFLICT (user_id, movie_id) DO UPDATE
            SET position_seconds = EXCLUDED.position_seconds, last_watched_at = EXCLUDED.last_watched_at
            WHERE watch_progress.last_watched_at <= EXCLUDED.last_watched_at
            """, cancellationToken);
}
