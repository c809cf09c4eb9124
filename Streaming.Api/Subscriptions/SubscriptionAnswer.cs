namespace Streaming.Api.Subscriptions;

/// <summary>What the user service said about a user.</summary>
/// <param name="ExpiresAt">When an active subscription ends; null when it has no end or the answer is not active.</param>
/// <param name="UserUnknown">The user service does not know the user (404): inactive, but likely about to change.</param>
/// <param name="MaxStreams">How many streams the plan allows at once; null for no limit.</param>
public sealed record SubscriptionAnswer(SubscriptionStatus Status, DateTimeOffset? ExpiresAt = null, bool UserUnknown = false, int? MaxStreams = null)
{
    public static readonly SubscriptionAnswer NoAnswer = new(SubscriptionStatus.Unknown);
}
