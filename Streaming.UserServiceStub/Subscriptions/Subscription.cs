namespace Streaming.UserServiceStub.Subscriptions;

/// <summary>A user's subscription as the user service stores it.</summary>
/// <param name="Active">Whether the subscription is switched on, regardless of its expiry.</param>
/// <param name="ExpiresAt">When it ends (UTC); null for a subscription without an end.</param>
/// <param name="MaxStreams">Streams at once; null for the plan's default (basic 1, standard 2, premium 4, others none).</param>
public sealed record Subscription(bool Active, string Plan, DateTimeOffset? ExpiresAt, int? MaxStreams = null)
{
    public bool IsActiveAt(DateTimeOffset now) => Active && (ExpiresAt is null || ExpiresAt > now);

    public int? EffectiveMaxStreams => MaxStreams ?? Plan switch
    {
        "basic" => 1,
        "standard" => 2,
        "premium" => 4,
        _ => null,
    };
}
