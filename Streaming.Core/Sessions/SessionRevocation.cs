using Microsoft.Extensions.Configuration;
using StackExchange.Redis;
using Streaming.Core.Configuration;
using Streaming.Core.Progress;

namespace Streaming.Core.Sessions;

/// <summary>
/// Revokes stream sessions in Redis: the started-session marker (<see cref="ProgressShard.StartedSessionKey"/>) takes
/// the end reason as its value, which the playback authorisation and the progress script read. Written BEFORE the
/// session is closed in PostgreSQL, so no link keeps playing past a close that succeeded. The marker lives at least as
/// long as any link of the session (<c>SIGNED_URL_EXPIRATION</c> + <c>SIGNED_URL_BUCKET</c>) and as long as a
/// playing marker (<c>REDIS_PROGRESS_TTL</c>), so a revoked session can never look merely "unknown" while a link lives.
/// </summary>
public sealed class SessionRevocation(IConnectionMultiplexer redis, ProgressLayout layout, TimeSpan markerTtl)
{
    public TimeSpan MarkerTtl { get; } = markerTtl;

    public static TimeSpan MarkerTtlFrom(IConfiguration configuration)
    {
        var links = Seconds(configuration, SharedSettings.SignedUrlExpirationSetting, 3600)
            + Seconds(configuration, SharedSettings.SignedUrlBucketSetting, 3600);
        var playing = Seconds(configuration, SharedSettings.RedisProgressTtlSetting, 86_400);
        return TimeSpan.FromSeconds(Math.Max(links, playing));
    }

    public string MarkerKey(Guid userId, Guid movieId, Guid sessionId) =>
        layout.ShardOf(userId).StartedSessionKey(userId, movieId, sessionId);

    /// <summary>Sets the marker of one session to <paramref name="reason"/>.</summary>
    public Task RevokeAsync(Guid userId, Guid movieId, Guid sessionId, string reason) =>
        redis.GetDatabase().StringSetAsync(MarkerKey(userId, movieId, sessionId), reason, MarkerTtl);

    /// <summary>Sets the markers of many sessions (one pipelined batch); throws when any write failed.</summary>
    public async Task RevokeAllAsync(IReadOnlyCollection<(Guid UserId, Guid MovieId, Guid SessionId)> sessions, string reason)
    {
        if (sessions.Count == 0)
        {
            return;
        }
        var batch = redis.GetDatabase().CreateBatch();
        var writes = sessions.Select(s => batch.StringSetAsync(MarkerKey(s.UserId, s.MovieId, s.SessionId), reason, MarkerTtl)).ToList();
        batch.Execute();
        await Task.WhenAll(writes);
    }

    private static long Seconds(IConfiguration configuration, string key, long defaultSeconds) =>
        configuration.GetValue(key, defaultSeconds) is var value && value > 0 ? value : defaultSeconds;
}
