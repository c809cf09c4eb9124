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
    private static readonly string Script = LoadScript();

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

    /// <summary>The script lives in ProgressWrite.lua (embedded) so the benchmark runs exactly the same one.</summary>
    private static string LoadScript()
    {
        using var stream = typeof(ProgressWriter).Assembly.GetManifestResourceStream("ProgressWrite.lua")
            ?? throw new InvalidOperationException("ProgressWrite.lua is not embedded in the API assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
