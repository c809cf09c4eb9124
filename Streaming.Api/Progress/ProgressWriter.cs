using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.Api.Progress;

public enum ProgressWriteOutcome
{
    Accepted,
    /// <summary>Newer progress is already recorded; this update was older and changed nothing.</summary>
    Stale,
    RateLimited,
}

public readonly record struct ProgressWriteResult(ProgressWriteOutcome Outcome, TimeSpan RetryAfter);

/// <summary>
/// The hot path: one Redis round trip that applies the rate limit, updates the hot copy unless it holds newer
/// progress, and appends the update to the buffer the progress worker drains into PostgreSQL.
/// </summary>
public sealed class ProgressWriter(IConnectionMultiplexer redis, ProgressOptions options)
{
    // KEYS: hot copy, buffer, rate counter, current session.
    // ARGV: position, event time (ms), hot TTL (s), rate limit (0 = off), rate window (ms), event id, user, movie.
    private const string Script = """
        local limit = tonumber(ARGV[4])
        if limit > 0 then
          local count = redis.call('INCR', KEYS[3])
          if count == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[5]) end
          if count > limit then return {2, redis.call('PTTL', KEYS[3])} end
        end
        local stored = redis.call('HGET', KEYS[1], 't')
        if stored and tonumber(stored) > tonumber(ARGV[2]) then return {1, 0} end
        redis.call('HSET', KEYS[1], 'p', ARGV[1], 't', ARGV[2])
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        local session = redis.call('GET', KEYS[4]) or ''
        redis.call('XADD', KEYS[2], '*', 'u', ARGV[7], 'm', ARGV[8], 'p', ARGV[1], 't', ARGV[2], 'e', ARGV[6], 's', session)
        return {0, 0}
        """;

    public async Task<ProgressWriteResult> WriteAsync(Guid userId, Guid movieId, int positionSeconds, DateTimeOffset eventTime, bool rateLimited)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script,
            [ProgressBuffer.HotKey(userId, movieId), ProgressBuffer.StreamKey, ProgressBuffer.RateKey(userId, movieId), ProgressBuffer.SessionKey(userId, movieId)],
            [
                positionSeconds,
                eventTime.ToUnixTimeMilliseconds(),
                (long)options.HotCopyTtl.TotalSeconds,
                rateLimited ? options.RateLimit : 0,
                (long)options.RateWindow.TotalMilliseconds,
                Guid.NewGuid().ToString(),
                userId.ToString(),
                movieId.ToString(),
            ]))!;
        return (int)result[0] switch
        {
            0 => new(ProgressWriteOutcome.Accepted, TimeSpan.Zero),
            1 => new(ProgressWriteOutcome.Stale, TimeSpan.Zero),
            _ => new(ProgressWriteOutcome.RateLimited, TimeSpan.FromMilliseconds(Math.Max(1, (long)result[1]))),
        };
    }

    /// <summary>Marks the session the user's next updates for this title belong to (they carry it into the events).</summary>
    public Task SetCurrentSessionAsync(Guid userId, Guid movieId, Guid sessionId) =>
        redis.GetDatabase().StringSetAsync(ProgressBuffer.SessionKey(userId, movieId), sessionId.ToString(), options.HotCopyTtl);
}
