using StackExchange.Redis;
using Streaming.Api.Abuse;
using Streaming.Core.Progress;
using Streaming.Core.Sessions;

namespace Streaming.Api.Progress;

public enum ProgressWriteOutcome
{
    Accepted,
    /// <summary>Newer progress is already recorded; this update was older and changed nothing.</summary>
    Stale,
    /// <summary>Too many updates for this title.</summary>
    RateLimited,
    /// <summary>Too many updates from this user across all titles.</summary>
    UserRateLimited,
    /// <summary>The session the update named was revoked (<see cref="ProgressWriteResult.EndReason"/> says why); nothing was written.</summary>
    SessionEnded,
}

public readonly record struct ProgressWriteResult(ProgressWriteOutcome Outcome, TimeSpan RetryAfter, string? EndReason = null);

/// <summary>Which limits a write is counted against.</summary>
public enum ProgressLimits
{
    /// <summary>A stop's final position: its own limit was applied before.</summary>
    None,
    /// <summary>The per-title limit only: the user's limit across titles was already counted for this request.</summary>
    TitleOnly,
    /// <summary>Both the per-title limit and the user's limit across all titles.</summary>
    TitleAndUser,
}

/// <summary>
/// The hot path: one Redis round trip (ProgressWrite.lua in Streaming.Core, all keys in the user's shard) that applies
/// the rate limits (per title and per user), updates the hot copy unless it holds newer progress, and appends the
/// update to the shard's buffer, marked for PostgreSQL when the persist interval ran out (or <c>persistNow</c>). The
/// entry carries the session the player named when the user started it for the title, or else the title's current
/// session (the user's latest start of it).
/// </summary>
public sealed class ProgressWriter(IConnectionMultiplexer redis, ProgressLayout layout, ProgressOptions options, AbuseLimits limits)
{
    public async Task<ProgressWriteResult> WriteAsync(
        Guid userId, Guid movieId, int positionSeconds, DateTimeOffset eventTime, ProgressLimits applied, bool persistNow,
        Guid? sessionId = null)
    {
        var shard = layout.ShardOf(userId);
        var titleMember = ProgressShard.TitleMember(userId, movieId);
        var sessionKey = shard.SessionKey(userId, movieId);
        var call = new ProgressWriteCall
        {
            HotCopy = shard.HotKey(titleMember),
            Buffer = shard.StreamKey,
            CurrentSession = sessionKey,
            UserRate = UserRateLimiter.Key(shard, userId, UserAction.Progress),
            Due = shard.DueKey,
            NamedSessionMarker = sessionId is { } named ? shard.StartedSessionKey(userId, movieId, named) : sessionKey,
            Position = positionSeconds,
            EventTimeMs = eventTime.ToUnixTimeMilliseconds(),
            HotTtlSeconds = (long)options.HotCopyTtl.TotalSeconds,
            TitleRateLimit = applied == ProgressLimits.None ? 0 : options.RateLimit,
            TitleRateWindowMs = (long)options.RateWindow.TotalMilliseconds,
            EventId = Guid.NewGuid().ToString(),
            User = userId.ToString(),
            Movie = movieId.ToString(),
            UserRateLimit = applied == ProgressLimits.TitleAndUser ? limits.Progress.Limit : 0,
            UserRateWindowMs = (long)limits.Progress.Window.TotalMilliseconds,
            PersistIntervalMs = (long)options.PersistInterval.TotalMilliseconds,
            PersistNow = persistNow,
            TitleMember = titleMember,
            NamedSession = sessionId?.ToString() ?? "",
        };
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ProgressScripts.Write, call.Keys(), call.Arguments()))!;
        return (int)result[0] switch
        {
            0 => new(ProgressWriteOutcome.Accepted, TimeSpan.Zero),
            1 => new(ProgressWriteOutcome.Stale, TimeSpan.Zero),
            4 => new(ProgressWriteOutcome.SessionEnded, TimeSpan.Zero, result[1].ToString()),
            2 => new(ProgressWriteOutcome.RateLimited, TimeSpan.FromMilliseconds(Math.Max(1, (long)result[1]))),
            _ => new(ProgressWriteOutcome.UserRateLimited, TimeSpan.FromMilliseconds(Math.Max(1, (long)result[1]))),
        };
    }

    /// <summary>
    /// Marks the session the user's next updates for this title belong to (they carry it into the events), and records
    /// that the user started it, so that updates naming it are counted for it.
    /// </summary>
    public Task SetCurrentSessionAsync(Guid userId, Guid movieId, Guid sessionId)
    {
        var shard = layout.ShardOf(userId);
        var batch = redis.GetDatabase().CreateBatch();
        var current = batch.StringSetAsync(shard.SessionKey(userId, movieId), sessionId.ToString(), options.HotCopyTtl);
        var started = batch.StringSetAsync(shard.StartedSessionKey(userId, movieId, sessionId), SessionEndReasons.PlayingMarker, options.HotCopyTtl);
        batch.Execute();
        return Task.WhenAll(current, started);
    }
}
