using StackExchange.Redis;
using Streaming.Api.Dependencies;

namespace Streaming.Api.Subscriptions;

/// <summary>
/// Whether a user may watch: the user service's answer, cached in Redis for <c>REDIS_SUBSCRIPTION_CACHE_TTL</c>
/// so a user's stream starts cost at most one call per TTL. Both answers are cached; an unknown one never is.
/// </summary>
public sealed class SubscriptionChecker(
    UserServiceClient userService, IConnectionMultiplexer redis, SubscriptionCacheOptions options, ILogger<SubscriptionChecker> logger)
{
    public async Task<SubscriptionStatus> CheckAsync(Guid userId, CancellationToken cancellationToken)
    {
        var key = (RedisKey)$"subscription:{userId:N}";
        var database = redis.GetDatabase();
        try
        {
            var cached = await database.StringGetAsync(key);
            if (cached.HasValue)
            {
                return cached == "1" ? SubscriptionStatus.Active : SubscriptionStatus.Inactive;
            }
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            // Without the cache we can still ask the user service: slower, but correct.
            logger.LogWarning(ex, "Subscription cache unavailable");
        }

        var status = await userService.GetStatusAsync(userId, cancellationToken);
        if (status != SubscriptionStatus.Unknown)
        {
            try
            {
                await database.StringSetAsync(key, status == SubscriptionStatus.Active ? "1" : "0", options.Ttl);
            }
            catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
            {
                logger.LogWarning(ex, "Could not cache the subscription of {UserId}", userId);
            }
        }
        return status;
    }
}

public sealed record SubscriptionCacheOptions(TimeSpan Ttl);
