namespace Streaming.Api.Subscriptions;

public enum SubscriptionStatus
{
    Active,
    Inactive,
    /// <summary>The user service could not answer and nothing was cached: we fail closed.</summary>
    Unknown,
}
