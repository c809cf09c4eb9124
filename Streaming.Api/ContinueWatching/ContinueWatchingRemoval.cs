using Microsoft.EntityFrameworkCore;
using Streaming.Api.Progress;
using Streaming.Core.Data;

namespace Streaming.Api.ContinueWatching;

/// <summary>
/// Removes a title from the user's continue-watching row: <c>hidden_at</c> on its watch_progress row. It stays hidden
/// until progress newer than the removal is written (the row's last_watched_at passes hidden_at), so watching the
/// title again brings it back, while an older update persisted late does not. A position only in the Redis hot copy
/// (not persisted yet) gets its row now, so that its later persist stays hidden too.
/// </summary>
public sealed class ContinueWatchingRemoval(StreamingDbContext db, ProgressReader reader, TimeProvider time)
{
    /// <returns>False when the user never watched the title.</returns>
    public async Task<bool> HideAsync(Guid userId, Guid movieId, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(userId, movieId, cancellationToken) is not { } progress)
        {
            return false;
        }
        var now = time.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO watch_progress (user_id, movie_id, position_seconds, last_watched_at, hidden_at)
            VALUES ({userId}, {movieId}, {progress.PositionSeconds}, {progress.LastWatchedAt}, {now})
            ON CONFLICT (user_id, movie_id) DO UPDATE SET hidden_at = EXCLUDED.hidden_at
            """, cancellationToken);
        return true;
    }
}
