using Streaming.Api.Subscriptions;

namespace Streaming.UnitTests.Api.Subscriptions;

public sealed class SubscriptionCacheTtlTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly SubscriptionCacheOptions _options = new(TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(10));

    [Fact]
    public void An_active_answer_is_cached_until_the_subscription_expires_at_most_for_the_ttl()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), _options.TtlOf(new SubscriptionAnswer(SubscriptionStatus.Active, Now.AddSeconds(3)), Now));
        Assert.Equal(TimeSpan.FromSeconds(300), _options.TtlOf(new SubscriptionAnswer(SubscriptionStatus.Active, Now.AddDays(30)), Now));
        Assert.Equal(TimeSpan.FromSeconds(300), _options.TtlOf(new SubscriptionAnswer(SubscriptionStatus.Active), Now));
        Assert.Null(_options.TtlOf(new SubscriptionAnswer(SubscriptionStatus.Active, Now.AddSeconds(-1)), Now));
    }

    [Fact]
    public void An_unknown_user_is_cached_briefly_and_no_answer_not_at_all()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), _options.TtlOf(new SubscriptionAnswer(SubscriptionStatus.Inactive, UserUnknown: true), Now));
        Assert.Equal(TimeSpan.FromSeconds(300), _options.TtlOf(new SubscriptionAnswer(SubscriptionStatus.Inactive), Now));
        Assert.Null(_options.TtlOf(SubscriptionAnswer.NoAnswer, Now));
    }
}
