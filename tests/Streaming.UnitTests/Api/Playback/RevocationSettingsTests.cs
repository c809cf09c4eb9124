using Microsoft.Extensions.Configuration;
using Streaming.Api.Playback.Delivery;
using Streaming.Core.Sessions;

namespace Streaming.UnitTests.Api.Playback;

public sealed class RevocationSettingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Allowed_answers_are_reused_for_half_the_revocation_time_and_never_past_the_expiry()
    {
        Assert.Equal(5, AuthorizationCaching.AllowedSeconds(TimeSpan.FromSeconds(10), Now.AddHours(1).ToUnixTimeSeconds(), Now));
        Assert.Equal(7, AuthorizationCaching.AllowedSeconds(TimeSpan.FromSeconds(15), Now.AddHours(1).ToUnixTimeSeconds(), Now));
        Assert.Equal(2, AuthorizationCaching.AllowedSeconds(TimeSpan.FromSeconds(10), Now.AddSeconds(2).ToUnixTimeSeconds(), Now));
        Assert.Equal(1, AuthorizationCaching.AllowedSeconds(TimeSpan.FromSeconds(2), Now.AddHours(1).ToUnixTimeSeconds(), Now));
        Assert.True(AuthorizationCaching.RefusalSeconds > 5);
    }

    [Fact]
    public void Delivery_defaults_to_presigned_and_edge_needs_an_absolute_url()
    {
        var presigned = PlaybackDelivery.From(Configuration([]));
        Assert.Equal(DeliveryMode.Presigned, presigned.Mode);
        Assert.Equal(TimeSpan.FromSeconds(10), presigned.Revocation);

        var movie = Guid.Parse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01");
        Assert.Equal($"https://api.example.com/api/v1/playback/cred.mac/{movie}/index.mpd", presigned.ManifestUrl("cred.mac", movie, "index.mpd", "https://api.example.com"));

        var edge = PlaybackDelivery.From(Configuration(new() { ["PLAYBACK_DELIVERY"] = "edge", ["EDGE_PUBLIC_URL"] = "https://edge.example.com/" }));
        Assert.Equal("https://edge.example.com", edge.EdgeBaseUrl);
        Assert.Equal($"https://edge.example.com/play/cred.mac/{movie}/index.m3u8", edge.ManifestUrl("cred.mac", movie, "index.m3u8", "https://api.example.com"));

        Assert.Throws<InvalidOperationException>(() => PlaybackDelivery.From(Configuration(new() { ["PLAYBACK_DELIVERY"] = "edge" })));
        Assert.Throws<InvalidOperationException>(() => PlaybackDelivery.From(Configuration(new() { ["PLAYBACK_DELIVERY"] = "edge", ["EDGE_PUBLIC_URL"] = "edge.example.com" })));
        Assert.Throws<InvalidOperationException>(() => PlaybackDelivery.From(Configuration(new() { ["PLAYBACK_DELIVERY"] = "cdn" })));
        Assert.Throws<InvalidOperationException>(() => PlaybackDelivery.From(Configuration(new() { ["PLAYBACK_REVOCATION_SECONDS"] = "0" })));
    }

    [Fact]
    public void A_revoked_marker_outlives_every_link_and_a_playing_marker()
    {
        Assert.Equal(TimeSpan.FromSeconds(86_400), SessionRevocation.MarkerTtlFrom(Configuration([])));
        Assert.Equal(TimeSpan.FromSeconds(200_000), SessionRevocation.MarkerTtlFrom(Configuration(new()
        {
            ["SIGNED_URL_EXPIRATION"] = "100000", ["SIGNED_URL_BUCKET"] = "100000",
        })));
    }

    [Theory]
    [InlineData("stopped", "stopped")]
    [InlineData("stopped_elsewhere", "stopped_elsewhere")]
    [InlineData("idle_timeout", "idle_timeout")]
    [InlineData("replaced", "replaced")]
    [InlineData("subscription_ended", "subscription_ended")]
    [InlineData("something-new", "stopped")]
    [InlineData(null, "stopped")]
    public void Unknown_reasons_read_as_stopped_and_each_has_a_message(string? value, string reason)
    {
        Assert.Equal(reason, SessionEndReasons.Normalise(value));
        Assert.False(string.IsNullOrWhiteSpace(SessionEndReasons.Describe(reason)));
        Assert.Equal(SessionEndReasons.All.Count, SessionEndReasons.All.Select(SessionEndReasons.Describe).Distinct().Count());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
