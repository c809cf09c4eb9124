using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Streaming.Api.Playback;

/// <summary>HMAC-SHA256 over movie id, manifest path and expiry: what authorises a player to fetch a manifest without a bearer token.</summary>
/// <param name="key">Signs, and verifies.</param>
/// <param name="previousKey">Only verifies: the key before a rotation, so links signed with it keep working until they expire.</param>
public sealed class ManifestUrlSigner(byte[] key, byte[]? previousKey = null)
{
    public string Sign(Guid movieId, string path, long expiresAtUnixSeconds) => Sign(key, movieId, path, expiresAtUnixSeconds);

    public bool IsValid(Guid movieId, string path, long expiresAtUnixSeconds, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }
        var given = Encoding.ASCII.GetBytes(signature);
        return Matches(key, movieId, path, expiresAtUnixSeconds, given)
               || (previousKey is not null && Matches(previousKey, movieId, path, expiresAtUnixSeconds, given));
    }

    private static bool Matches(byte[] key, Guid movieId, string path, long expiresAtUnixSeconds, byte[] given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, movieId, path, expiresAtUnixSeconds)), given);

    private static string Sign(byte[] key, Guid movieId, string path, long expiresAtUnixSeconds)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Payload(movieId, path, expiresAtUnixSeconds), mac);
        return Base64Url(mac);
    }

    private static byte[] Payload(Guid movieId, string path, long expires) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{movieId:D}\n{path}\n{expires}"));

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
