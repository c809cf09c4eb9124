using Streaming.Api.Playback.Credentials;
using Streaming.Api.Playback;
using Streaming.UnitTests.Support;

namespace Streaming.UnitTests.Api.Playback.Credentials;

public sealed class PlaybackSigningKeyTests
{
    private static readonly Guid Movie = Guid.Parse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01");

    private static Dictionary<string, string?> Production() => new()
    {
        ["JWT_SECRET_KEY"] = TestConfiguration.StrongSecret,
        ["PLAYBACK_SIGNING_KEY"] = TestConfiguration.OtherStrongSecret,
    };

    [Theory]
    [InlineData("PLAYBACK_SIGNING_KEY", null)]
    [InlineData("PLAYBACK_SIGNING_KEY", "dev-only-jwt-secret-change-me-0123456789")]
    [InlineData("PLAYBACK_SIGNING_KEY", "short-key-0123456789")]
    [InlineData("PLAYBACK_SIGNING_KEY", TestConfiguration.StrongSecret)]
    [InlineData("PLAYBACK_SIGNING_KEY_PREVIOUS", "short-key-0123456789")]
    [InlineData("PLAYBACK_SIGNING_KEY_PREVIOUS", TestConfiguration.StrongSecret)]
    public void Outside_development_the_key_is_a_strong_setting_of_its_own(string setting, string? value)
    {
        var values = Production();
        values[setting] = value;

        var refused = Assert.Throws<InvalidOperationException>(() =>
            PlaybackSigningOptions.From(TestConfiguration.From(values), TestConfiguration.Environment("Production")));
        Assert.StartsWith(setting, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_development_the_key_may_still_be_derived_from_the_jwt_secret()
    {
        var options = PlaybackSigningOptions.From(
            TestConfiguration.From(new Dictionary<string, string?> { ["JWT_SECRET_KEY"] = TestConfiguration.StrongSecret }),
            TestConfiguration.Environment("Development"));

        Assert.Equal(PlaybackSigningOptions.DeriveKey(TestConfiguration.StrongSecret), options.ManifestKey);
    }

    [Fact]
    public void Outside_development_the_key_is_not_derived_from_the_jwt_secret()
    {
        var options = PlaybackSigningOptions.From(TestConfiguration.From(Production()), TestConfiguration.Environment("Production"));

        Assert.Equal(PlaybackSigningOptions.DeriveKey(TestConfiguration.OtherStrongSecret), options.ManifestKey);
        Assert.NotEqual(PlaybackSigningOptions.DeriveKey(TestConfiguration.StrongSecret), options.ManifestKey);
    }

    [Fact]
    public void During_a_rotation_links_signed_with_the_previous_key_stay_valid_and_new_ones_use_the_current_key()
    {
        var oldKey = PlaybackSigningOptions.DeriveKey(TestConfiguration.StrongSecret);
        var values = Production();
        values["JWT_SECRET_KEY"] = "Zx8Qw2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0Xc2Vb4Nm6=";
        values["PLAYBACK_SIGNING_KEY_PREVIOUS"] = TestConfiguration.StrongSecret;
        var options = PlaybackSigningOptions.From(TestConfiguration.From(values), TestConfiguration.Environment("Production"));
        var credential = new PlaybackCredential(Guid.NewGuid(), Guid.NewGuid(), Movie, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        var rotated = new PlaybackCredentialSigner(options.ManifestKey, options.PreviousManifestKey);
        var beforeRotation = new PlaybackCredentialSigner(oldKey).Issue(credential);

        Assert.True(rotated.Verify(beforeRotation, Movie).IsValid);
        var afterRotation = rotated.Issue(credential);
        Assert.NotEqual(beforeRotation, afterRotation);
        Assert.True(new PlaybackCredentialSigner(options.ManifestKey).Verify(afterRotation, Movie).IsValid);
        // Once the previous key is dropped, its credentials stop working.
        Assert.Equal(CredentialFailure.Invalid, new PlaybackCredentialSigner(options.ManifestKey).Verify(beforeRotation, Movie).Failure);
    }
}
