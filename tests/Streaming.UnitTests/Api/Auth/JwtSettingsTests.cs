using Streaming.Api.Auth;
using Streaming.UnitTests.Support;

namespace Streaming.UnitTests.Api.Auth;

public sealed class JwtSettingsTests
{
    private const string DevelopmentSecret = "dev-only-jwt-secret-change-me-0123456789";

    private static Dictionary<string, string?> Production() => new()
    {
        ["JWT_SECRET_KEY"] = TestConfiguration.StrongSecret,
        ["JWT_ISSUER"] = "https://auth.example.test",
        ["JWT_AUDIENCE"] = "streaming-api",
    };

    [Theory]
    [InlineData("JWT_SECRET_KEY", DevelopmentSecret)]
    [InlineData("JWT_SECRET_KEY", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("JWT_ISSUER", null)]
    [InlineData("JWT_AUDIENCE", null)]
    public void Outside_development_a_published_weak_or_missing_setting_stops_the_start_and_is_named(string setting, string? value)
    {
        var values = Production();
        values[setting] = value;

        var refused = Assert.Throws<InvalidOperationException>(() =>
            JwtSettings.From(TestConfiguration.From(values), TestConfiguration.Environment("Production")));
        Assert.StartsWith(setting, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_development_the_development_secret_without_issuer_or_audience_is_accepted()
    {
        var settings = JwtSettings.From(TestConfiguration.From(new Dictionary<string, string?> { ["JWT_SECRET_KEY"] = DevelopmentSecret }),
            TestConfiguration.Environment("Development"));

        Assert.Null(settings.Issuer);
        Assert.Null(settings.Audience);
        Assert.Equal(TimeSpan.FromHours(24), settings.MaxLifetime);
    }

    [Fact]
    public void A_token_may_live_up_to_the_maximum_counted_from_the_earlier_of_iat_and_now()
    {
        var values = Production();
        values["JWT_MAX_LIFETIME"] = "3600";
        var settings = JwtSettings.From(TestConfiguration.From(values), TestConfiguration.Environment("Production"));
        var now = new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

        Assert.True(settings.AcceptsLifetime(now.AddMinutes(-30), now.AddMinutes(30), now));
        Assert.False(settings.AcceptsLifetime(now.AddMinutes(-30), now.AddMinutes(31), now));
        // No iat: counted from now.
        Assert.True(settings.AcceptsLifetime(DateTime.MinValue, now.AddMinutes(60), now));
        Assert.False(settings.AcceptsLifetime(DateTime.MinValue, now.AddMinutes(61), now));
        // An iat in the future cannot stretch the lifetime.
        Assert.False(settings.AcceptsLifetime(now.AddDays(365), now.AddDays(365).AddMinutes(30), now));
    }
}
