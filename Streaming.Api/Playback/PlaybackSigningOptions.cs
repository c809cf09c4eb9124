using System.Security.Cryptography;
using System.Text;
using Streaming.Api.Auth;
using Streaming.Api.Configuration;
using Streaming.Core.Configuration;
using Streaming.ServiceDefaults.Security;

namespace Streaming.Api.Playback;

/// <summary>
/// How playback URLs are signed. The manifest route's HMAC key comes from <c>PLAYBACK_SIGNING_KEY</c> (HKDF under a
/// label of its own, so a playlist signature can never be confused with anything else signed with the same bytes);
/// <c>PLAYBACK_SIGNING_KEY_PREVIOUS</c>, when set, is still accepted so that links handed out before a key rotation
/// keep working until they expire. Only in Development may the key be left unset: it is then derived from
/// <c>JWT_SECRET_KEY</c>, so that the published development secret is enough to run.
/// </summary>
public sealed record PlaybackSigningOptions(byte[] ManifestKey, TimeSpan Lifetime, TimeSpan Bucket, byte[]? PreviousManifestKey = null)
{
    public const string KeySetting = SharedSettings.PlaybackSigningKeySetting;
    public const string PreviousKeySetting = "PLAYBACK_SIGNING_KEY_PREVIOUS";

    private static readonly byte[] DerivationLabel = "streaming/playback-manifest-url/v1"u8.ToArray();

    public static PlaybackSigningOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = ReadKey(configuration, environment, KeySetting)
            ?? (environment.IsDevelopment() ? configuration[JwtSettings.SecretKey] : null)
            ?? throw new InvalidOperationException(
                $"{KeySetting} is not set. Outside Development the manifest signing key is a setting of its own, " +
                $"at least {SecretPolicy.MinimumBytes} random bytes (e.g. `openssl rand -base64 48`). Refusing to start.");
        var previous = ReadKey(configuration, environment, PreviousKeySetting);
        var lifetime = configuration.GetSeconds(SharedSettings.SignedUrlExpirationSetting, 3600);
        var bucket = configuration.GetSeconds(SharedSettings.SignedUrlBucketSetting, 3600);
        if ((lifetime + bucket).TotalSeconds > 604_800)
        {
            throw new InvalidOperationException("SIGNED_URL_EXPIRATION + SIGNED_URL_BUCKET must stay within 7 days (S3's limit for presigned URLs).");
        }
        return new PlaybackSigningOptions(DeriveKey(key), lifetime, bucket, previous is null ? null : DeriveKey(previous));
    }

    public static byte[] DeriveKey(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: DerivationLabel);

    private static string? ReadKey(IConfiguration configuration, IHostEnvironment environment, string setting)
    {
        var value = configuration[setting];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (Encoding.UTF8.GetByteCount(value) < SecretPolicy.MinimumBytes)
        {
            throw new InvalidOperationException($"{setting} must be at least {SecretPolicy.MinimumBytes} bytes (256 bits). Refusing to start.");
        }
        if (!environment.IsDevelopment())
        {
            SecretPolicy.RequireStrong(configuration, setting);
            if (value == configuration[JwtSettings.SecretKey])
            {
                throw new InvalidOperationException(
                    $"{setting} equals {JwtSettings.SecretKey}: whoever holds the token secret could sign playback links. Use a key of its own. Refusing to start.");
            }
        }
        return value;
    }
}
