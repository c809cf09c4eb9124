using Microsoft.Extensions.Configuration;
using Streaming.Api.Progress;

namespace Streaming.UnitTests.Api.Progress;

public class ProgressOptionsTests
{
    private static ProgressOptions From(params (string Key, string Value)[] settings) =>
        ProgressOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void The_persist_interval_defaults_to_30_seconds_and_0_means_every_update()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), From().PersistInterval);
        Assert.Equal(TimeSpan.Zero, From(("PROGRESS_PERSIST_INTERVAL", "0"), ("REDIS_PROGRESS_TTL", "5"), ("PROGRESS_RATE_WINDOW", "5")).PersistInterval);
    }

    [Theory]
    [InlineData("30", "60")]
    [InlineData("30", "30")]
    [InlineData("600", "86")]
    public void A_hot_copy_that_could_expire_before_its_flush_stops_the_start(string interval, string ttl)
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(("PROGRESS_PERSIST_INTERVAL", interval), ("REDIS_PROGRESS_TTL", ttl)));
        Assert.Contains("REDIS_PROGRESS_TTL", error.Message);
        Assert.Contains("PROGRESS_PERSIST_INTERVAL", error.Message);
    }

    [Fact]
    public void A_rate_window_longer_than_the_hot_copy_that_keeps_it_stops_the_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(("PROGRESS_PERSIST_INTERVAL", "0"), ("REDIS_PROGRESS_TTL", "5")));
        Assert.Contains("PROGRESS_RATE_WINDOW", error.Message);
        Assert.Contains("REDIS_PROGRESS_TTL", error.Message);
    }

    [Fact]
    public void A_negative_interval_is_refused() =>
        Assert.Contains("PROGRESS_PERSIST_INTERVAL", Assert.Throws<InvalidOperationException>(() => From(("PROGRESS_PERSIST_INTERVAL", "-1"))).Message);
}
