using Streaming.Api.ContinueWatching;
using Streaming.Api.Subscriptions;

namespace Streaming.UnitTests.Api.Subscriptions;

public sealed class StreamLimitSettingsTests
{
    [Fact]
    public void Plan_limits_default_to_basic_1_standard_2_premium_4_and_no_limit_for_other_plans()
    {
        var limits = PlanStreamLimits.Parse(PlanStreamLimits.Default);

        Assert.Equal(1, limits.Of("basic"));
        Assert.Equal(2, limits.Of("standard"));
        Assert.Equal(4, limits.Of("Premium"));
        Assert.Null(limits.Of("family"));
        Assert.Null(limits.Of(null));
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("basic=0")]
    [InlineData("=2")]
    public void Malformed_plan_limits_stop_the_start(string setting)
    {
        Assert.Throws<InvalidOperationException>(() => PlanStreamLimits.Parse(setting));
    }

    [Fact]
    public void The_cached_subscription_keeps_its_limit()
    {
        Assert.Equal(new SubscriptionCheck(SubscriptionStatus.Active, 2), SubscriptionCheck.FromCache(new SubscriptionCheck(SubscriptionStatus.Active, 2).ToCache()));
        Assert.Equal(new SubscriptionCheck(SubscriptionStatus.Active, null), SubscriptionCheck.FromCache(new SubscriptionCheck(SubscriptionStatus.Active, null).ToCache()));
        Assert.Equal(new SubscriptionCheck(SubscriptionStatus.Active, null), SubscriptionCheck.FromCache("1"));
        Assert.Equal(SubscriptionStatus.Inactive, SubscriptionCheck.FromCache("0").Status);
    }

    [Fact]
    public void A_continue_watching_cursor_round_trips_to_the_microsecond_and_refuses_garbage()
    {
        var cursor = new ContinueWatchingCursor(new DateTime(2026, 12, 2, 7, 30, 1, DateTimeKind.Utc).AddTicks(1_234_560), Guid.NewGuid());

        Assert.True(ContinueWatchingCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.False(ContinueWatchingCursor.TryDecode("not a cursor!", out _));
        Assert.False(ContinueWatchingCursor.TryDecode("bm9wZQ", out _));
    }
}
