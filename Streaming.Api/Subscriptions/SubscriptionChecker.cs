using StackExchange.Redis;
using Streaming.Api.Dependencies;

namespace Streaming.Api.Subscriptions;

/// <summary>
/// Whether a user may watch: the user service's answer, cached in Redis for <c>REDIS_SUBSCRIPTION_CACHE_TTL</c>
/// so a user's stream starts cost at most one call per TTL. An active answer is cached no longer than the
/// subscription's <c>expires_at</c>; a user the service does not know only for <c>REDIS_SUBSCRIPTION_UNKNOWN_USER_TTL</c>
/// (a new user is usually about to subscribe); no answer at all is never cached. The cached value is <c>0</c>
/// (inactive) or <c>1:{max_streams}</c> (active; empty for no limit).
/// </summary>
public sealed class SubscriptionChecker(
    UserServiceClient userService, IConnectionMultiplexer redis, SubscriptionCacheOptions options, TimeProvider timeProvider,
    ILogger<SubscriptionChecker> logger)
{
    /// <summary>Where a user's answer is cached (read directly by the playback authorisation, batched with its marker).</summary>
    public static RedisKey CacheKey(Guid userId) => $"subscription:{userId:N}";

    public async Task<SubscriptionCheck> CheckAsync(Guid userId, CancellationToken cancellationToken)
    {
        try
        {
            var cached = await redis.GetDatabase().StringGetAsync(CacheKey(userId));
            if (cached.HasValue)
            {
                return SubscriptionCheck.FromCache(cached.ToString());
            }
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            // Without the cache we can still ask the user service: slower, but correct.
            logger.LogWarning(ex, "Subscription cache unavailable");
        }
        return await AskAsync(userId, cancellationToken);
    }

    /// <summary>Asks the user service (the cache had nothing) and caches its answer.</summary>
    public async Task<SubscriptionCheck> AskAsync(Guid userId, CancellationToken cancellationToken)
    {
        var answer = await userService.GetSubscriptionAsync(userId, cancellationToken);
        var check = new SubscriptionCheck(answer.Status, answer.MaxStreams);
        if (options.TtlOf(answer, timeProvider.GetUtcNow()) is { } ttl)
        {
            try
            {
                await redis.GetDatabase().StringSetAsync(CacheKey(userId), check.ToCache(), ttl);
            }
            catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
            {
                logger.LogWarning(ex, "Could not cache the subscription of {UserId}", userId);
            }
        }
        return check;
    }
}
