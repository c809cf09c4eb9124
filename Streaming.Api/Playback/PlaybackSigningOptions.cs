using System.Security.Cryptography;
using System.Text;
using Streaming.Api.Configuration;

namespace Streaming.Api.Playback;

/// <summary>
/// How playback URLs are signed. The manifest route's HMAC key is <c>PLAYBACK_SIGNING_KEY</c> when set, otherwise
/// derived from <c>JWT_SECRET_KEY</c> with HKDF under a label of its own, so a playlist signature can never be
/// replayed as, or confused with, anything signed with the JWT secret itself.
/// </summary>
public sealed record PlaybackSigningOptions(byte[] ManifestKey, TimeSpan Lifetime, TimeSpan Bucket)
{
    private static readonly byte[] DerivationLabel = "streaming/playback-manifest-url/v1"u8.ToArray();

    public static PlaybackSigningOptions From(IConfiguration configuration)
    {
        var secret = configuration["PLAYBACK_SIGNING_KEY"] is { Length: > 0 } dedicated ? dedicated : configuration["JWT_SECRET_KEY"];
        if (string.IsNullOrEmpty(secret))
        {
            throw new InvalidOperationException("Set PLAYBACK_SIGNING_KEY or JWT_SECRET_KEY: playback URLs are signed with a key derived from it.");
        }
        var lifetime = configuration.GetSeconds("SIGNED_URL_EXPIRATION", 3600);
        var bucket = configuration.GetSeconds("SIGNED_URL_BUCKET", 3600);
        if ((lifetime + bucket).TotalSeconds > 604_800)
        {
            throw new InvalidOperationException("SIGNED_URL_EXPIRATION + SIGNED_URL_BUCKET must stay within 7 days (S3's limit for presigned URLs).");
        }
        return new PlaybackSigningOptions(DeriveKey(secret), lifetime, bucket);
    }

    public static byte[] DeriveKey(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: DerivationLabel);
}
