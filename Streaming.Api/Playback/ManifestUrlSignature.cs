using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Streaming.Api.Playback;

/// <summary>HMAC-SHA256 over movie id, manifest path and expiry: what authorises a player to fetch a manifest without a bearer token.</summary>
public sealed class ManifestUrlSignature(byte[] key)
{
    public string Sign(Guid movieId, string path, long expiresAtUnixSeconds)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Payload(movieId, path, expiresAtUnixSeconds), mac);
        return Base64Url(mac);
    }

    public bool IsValid(Guid movieId, string path, long expiresAtUnixSeconds, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(movieId, path, expiresAtUnixSeconds));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static byte[] Payload(Guid movieId, string path, long expires) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{movieId:D}\n{path}\n{expires}"));

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
