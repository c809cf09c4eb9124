namespace Streaming.Api.Subscriptions;

/// <param name="Ttl"><c>REDIS_SUBSCRIPTION_CACHE_TTL</c>: the longest any answer is cached.</param>
/// <param name="UnknownUserTtl"><c>REDIS_SUBSCRIPTION_UNKNOWN_USER_TTL</c>: how long "the user service does not know this user" is.</param>
public sealed record SubscriptionCacheOptions(TimeSpan Ttl, TimeSpan UnknownUserTtl)
{
    /// <summary>How long to cache the answer, or null for not at all.</summary>
    public TimeSpan? TtlOf(SubscriptionAnswer answer, DateTimeOffset now)
    {
        var ttl = answer switch
        {
            { Status: SubscriptionStatus.Unknown } => TimeSpan.Zero,
            { UserUnknown: true } => UnknownUserTtl,
            { Status: SubscriptionStatus.Active, ExpiresAt: { } expiresAt } => expiresAt - now,
            _ => Ttl,
        };
        ttl = ttl < Ttl ? ttl : Ttl;
        // Redis keeps whole milliseconds; an answer about to lapse is not worth caching.
        return ttl >= TimeSpan.FromMilliseconds(1) ? ttl : null;
    }
}
