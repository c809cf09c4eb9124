namespace Streaming.UserServiceStub.Subscriptions;

/// <summary>The user service's subscription answer: <c>{"user_id", "active", "plan", "expires_at", "max_streams"}</c>.</summary>
/// <param name="Active">Whether the subscription grants access now: switched on and not expired.</param>
/// <param name="ExpiresAt">UTC, serialised as ISO-8601 with a <c>Z</c>; null when the subscription has no end.</param>
/// <param name="MaxStreams">How many streams the account may play at once; null for no limit.</param>
public sealed record SubscriptionResponse(Guid UserId, bool Active, string Plan, DateTime? ExpiresAt, int? MaxStreams)
{
    public static SubscriptionResponse From(Guid userId, Subscription subscription, DateTimeOffset now) =>
        new(userId, subscription.IsActiveAt(now), subscription.Plan, subscription.ExpiresAt?.UtcDateTime, subscription.EffectiveMaxStreams);
}
