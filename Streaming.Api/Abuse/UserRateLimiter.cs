using StackExchange.Redis;
using Streaming.Api.Dependencies;
using Streaming.Core.Progress;

namespace Streaming.Api.Abuse;

/// <summary>
/// Per-user <see cref="FixedWindowCounter"/>s in Redis, shared by every API replica. The progress hot path counts the
/// same counter (<see cref="Key(ProgressShard, Guid, UserAction)"/>) inside its write script (no extra round trip);
/// this class serves start, stop, and progress for a title not yet known to this replica.
/// </summary>
public sealed class UserRateLimiter(IConnectionMultiplexer redis, ProgressLayout layout, AbuseLimits limits)
{
    public RateLimit LimitOf(UserAction action) => action switch
    {
        UserAction.Progress => limits.Progress,
        UserAction.Start => limits.Start,
        _ => limits.Stop,
    };

    /// <summary>In the user's shard, so the progress write script can count it in the same slot.</summary>
    public static RedisKey Key(ProgressShard shard, Guid userId, UserAction action) => shard.UserRateKey(userId, KeyNames[(int)action]);

    /// <summary>Each action's name in its key, lowercase, built once (the progress write names it on every report).</summary>
    private static readonly string[] KeyNames = [.. Enum.GetValues<UserAction>().Select(action => action.ToString().ToLowerInvariant())];

    private RedisKey Key(Guid userId, UserAction action) => Key(layout.ShardOf(userId), userId, action);

    /// <summary>Counts one request. Throws when Redis fails; the caller decides whether that fails open.</summary>
    public async Task<RateLimitDecision> AcquireAsync(Guid userId, UserAction action)
    {
        var limit = LimitOf(action);
        var retryAfterMs = (long)await redis.GetDatabase().ScriptEvaluateAsync(FixedWindowCounter.Acquire, [Key(userId, action)],
            [limit.Limit, (long)limit.Window.TotalMilliseconds]);
        return retryAfterMs < 0 ? RateLimitDecision.Allow : new(false, TimeSpan.FromMilliseconds(Math.Max(1, retryAfterMs)));
    }

    /// <summary>
    /// Start and stop do not need Redis otherwise: while it is down they are not limited rather than refused (a few
    /// minutes without a limit cost less than refusing every viewer).
    /// </summary>
    public async Task<RateLimitDecision> AcquireFailingOpenAsync(Guid userId, UserAction action, ILogger logger)
    {
        try
        {
            return await AcquireAsync(userId, action);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            logger.LogWarning(ex, "Rate limit of {Action} not applied: Redis is unavailable", action);
            return RateLimitDecision.Allow;
        }
    }

    /// <summary>
    /// Gives back a request that failed because one of our dependencies did (a 503): a player that retries through an
    /// outage is not abusing anything, and must not find itself limited when the outage ends.
    /// </summary>
    public async Task RefundAsync(Guid userId, UserAction action, ILogger logger)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(FixedWindowCounter.Refund, [Key(userId, action)]);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            logger.LogWarning(ex, "Could not refund a failed {Action} to the user's rate limit", action);
        }
    }
}
