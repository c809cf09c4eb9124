namespace Streaming.UserServiceStub.Subscriptions;

/// <summary>A user's subscription as the user service stores it.</summary>
/// <param name="Active">Whether the subscription is switched on, regardless of its expiry.</param>
/// <param name="ExpiresAt">When it ends (UTC); null for a subscription without an end.</param>
public sealed record Subscription(bool Active, string Plan, DateTimeOffset? ExpiresAt)
{
    public bool IsActiveAt(DateTimeOffset now) => Active && (ExpiresAt is null || ExpiresAt > now);
}
