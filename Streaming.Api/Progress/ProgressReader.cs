using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;
using Streaming.Api.Dependencies;
using Streaming.Core.Data;
using Streaming.Core.Progress;

namespace Streaming.Api.Progress;

public sealed record ProgressSnapshot(int PositionSeconds, DateTime LastWatchedAt);

/// <summary>Reads progress from the hot copy, falling back to PostgreSQL when Redis no longer has it (or is down).</summary>
public sealed class ProgressReader(IConnectionMultiplexer redis, ProgressLayout layout, StreamingDbContext db, ILogger<ProgressReader> logger)
{
    public async Task<ProgressSnapshot?> ReadAsync(Guid userId, Guid movieId, CancellationToken cancellationToken)
    {
        try
        {
            var hot = await redis.GetDatabase().HashGetAsync(layout.ShardOf(userId).HotKey(userId, movieId),
                [ProgressBuffer.HotFields.Position, ProgressBuffer.HotFields.Time]);
            if (hot[0].HasValue && hot[1].HasValue)
            {
                return new((int)hot[0], DateTimeOffset.FromUnixTimeMilliseconds((long)hot[1]).UtcDateTime);
            }
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            logger.LogWarning(ex, "Redis unavailable; reading progress from PostgreSQL");
        }

        return await db.WatchProgress.AsNoTracking()
            .Where(p => p.UserId == userId && p.MovieId == movieId)
            .Select(p => new ProgressSnapshot(p.PositionSeconds, p.LastWatchedAt))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
