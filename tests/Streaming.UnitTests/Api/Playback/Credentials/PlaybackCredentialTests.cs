using Microsoft.Extensions.Time.Testing;
using Streaming.Api.Playback;
using Streaming.Api.Playback.Credentials;

namespace Streaming.UnitTests.Api.Playback.Credentials;

public sealed class PlaybackCredentialTests
{
    private static readonly Guid Movie = Guid.Parse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01");
    private static readonly byte[] Key = PlaybackSigningOptions.DeriveKey("unit-test-playback-secret-0123456789abcdef");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    private PlaybackCredential Credential(long? exp = null) =>
        new(Guid.CreateVersion7(), Guid.NewGuid(), Movie, exp ?? _time.GetUtcNow().AddHours(2).ToUnixTimeSeconds());

    [Fact]
    public void A_credential_round_trips_and_fits_the_edge_contract()
    {
        var signer = new PlaybackCredentialSigner(Key, time: _time);
        var credential = Credential();

        var text = signer.Issue(credential);
        var verdict = signer.Verify(text, Movie);

        Assert.True(verdict.IsValid);
        Assert.Equal(credential, verdict.Credential);
        Assert.Equal(PlaybackCredentialSigner.Length, text.Length);
        Assert.InRange(text.Length, 1, 256);
        Assert.Matches("^[A-Za-z0-9_.-]+$", text);
        Assert.True(PlaybackPath.TryParse($"{text}/{Movie:D}/index.m3u8", out var path));
        Assert.Equal(text, path.Value.Credential);
    }

    [Fact]
    public void Every_changed_character_is_refused_as_invalid()
    {
        var signer = new PlaybackCredentialSigner(Key, time: _time);
        var text = signer.Issue(Credential());

        for (var i = 0; i < text.Length; i++)
        {
            foreach (var replacement in new[] { 'A', 'B', '-', '_' })
            {
                if (text[i] == replacement)
                {
                    continue;
                }
                var tampered = string.Concat(text.AsSpan(0, i), replacement.ToString(), text.AsSpan(i + 1));
                Assert.Equal(CredentialFailure.Invalid, signer.Verify(tampered, Movie).Failure);
            }
        }
    }

    [Fact]
    public void A_credential_for_another_title_is_wrong_title()
    {
        var signer = new PlaybackCredentialSigner(Key, time: _time);

        Assert.Equal(CredentialFailure.WrongTitle, signer.Verify(signer.Issue(Credential()), Guid.NewGuid()).Failure);
    }

    [Fact]
    public void A_credential_past_its_expiry_is_expired_and_valid_until_that_second()
    {
        var signer = new PlaybackCredentialSigner(Key, time: _time);
        var text = signer.Issue(Credential(_time.GetUtcNow().AddSeconds(10).ToUnixTimeSeconds()));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(signer.Verify(text, Movie).IsValid);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CredentialFailure.Expired, signer.Verify(text, Movie).Failure);
    }

    [Fact]
    public void The_previous_key_still_verifies_and_an_unknown_key_does_not()
    {
        var previous = PlaybackSigningOptions.DeriveKey("the-key-before-the-rotation-0123456789abcdef");
        var old = new PlaybackCredentialSigner(previous, time: _time).Issue(Credential());

        Assert.True(new PlaybackCredentialSigner(Key, previous, _time).Verify(old, Movie).IsValid);
        Assert.Equal(CredentialFailure.Invalid, new PlaybackCredentialSigner(Key, time: _time).Verify(old, Movie).Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("not-a-credential")]
    [InlineData("AQ.AQ")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!.!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_never_throws_and_is_invalid(string? garbage)
    {
        var signer = new PlaybackCredentialSigner(Key, time: _time);

        Assert.Equal(CredentialFailure.Invalid, signer.Verify(garbage, Movie).Failure);
    }

    [Fact]
    public void Random_bytes_of_the_right_shape_never_throw()
    {
        var signer = new PlaybackCredentialSigner(Key, time: _time);
        var random = new Random(20);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/";
        for (var i = 0; i < 2000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 120)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.False(signer.Verify(text, Movie).IsValid);
        }
    }
}
