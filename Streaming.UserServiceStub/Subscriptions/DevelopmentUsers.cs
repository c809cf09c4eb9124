namespace Streaming.UserServiceStub.Subscriptions;

/// <summary>The users the stub knows from the start, so that demos and tests have one of each kind.</summary>
public static class DevelopmentUsers
{
    public static readonly Guid PremiumUserId = Guid.Parse("7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c01");
    public static readonly Guid ExpiredUserId = Guid.Parse("7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c02");
    /// <summary>An active basic plan: one stream at a time.</summary>
    public static readonly Guid BasicUserId = Guid.Parse("7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c03");

    public static void SeedInto(SubscriptionStore store, DateTimeOffset now)
    {
        // Whole seconds keep the dates readable in answers and README examples.
        var today = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());

        store.Put(PremiumUserId, new Subscription(Active: true, Plan: "premium", ExpiresAt: today.AddYears(1)));
        // Switched on but past its end: "active" must come out false.
        store.Put(ExpiredUserId, new Subscription(Active: true, Plan: "basic", ExpiresAt: today.AddDays(-1)));
        store.Put(BasicUserId, new Subscription(Active: true, Plan: "basic", ExpiresAt: today.AddYears(1)));
    }
}
