using Streaming.Api.Playback;

namespace Streaming.UnitTests.Playback;

public sealed class ManifestUrlSignerTests
{
    private static readonly Guid Movie = Guid.Parse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01");
    private readonly ManifestUrlSigner _signature = new(PlaybackSigningOptions.DeriveKey("dev-only-jwt-secret-change-me-0123456789"));

    [Fact]
    public void Accepts_its_own_signature_and_refuses_any_change()
    {
        var sig = _signature.Sign(Movie, "index.m3u8", 1_800_000_000);
        Assert.True(_signature.IsValid(Movie, "index.m3u8", 1_800_000_000, sig));
        Assert.False(_signature.IsValid(Movie, "index.m3u8", 1_800_000_001, sig));
        Assert.False(_signature.IsValid(Movie, "720p/index.m3u8", 1_800_000_000, sig));
        Assert.False(_signature.IsValid(Guid.NewGuid(), "index.m3u8", 1_800_000_000, sig));
        Assert.False(_signature.IsValid(Movie, "index.m3u8", 1_800_000_000, sig[..^1] + (sig[^1] == 'A' ? 'B' : 'A')));
        Assert.False(_signature.IsValid(Movie, "index.m3u8", 1_800_000_000, null));
        Assert.False(new ManifestUrlSigner(PlaybackSigningOptions.DeriveKey("another-secret")).IsValid(Movie, "index.m3u8", 1_800_000_000, sig));
    }

    [Fact]
    public void Window_is_shared_within_a_bucket_and_outlives_the_lifetime()
    {
        var lifetime = TimeSpan.FromHours(1);
        var a = SignatureWindow.Containing(new DateTimeOffset(2026, 11, 25, 10, 0, 1, TimeSpan.Zero), TimeSpan.FromHours(1), lifetime);
        var b = SignatureWindow.Containing(new DateTimeOffset(2026, 11, 25, 10, 59, 59, TimeSpan.Zero), TimeSpan.FromHours(1), lifetime);
        Assert.Equal(a, b);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), a.SignedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), a.ExpiresAt);
    }
}
