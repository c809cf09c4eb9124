using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Streaming.Api.Playback.Credentials;

/// <summary>
/// The session-bound playback credential, one URL path segment of 99 characters:
/// <c>base64url(payload) "." base64url(mac)</c> where payload = version (1 byte, 1) | session id | user id |
/// movie id (16 bytes each, RFC 4122 order) | expiry (8 bytes, big-endian Unix seconds) and mac = the first 16 bytes
/// (128 bits) of HMAC-SHA256 over the payload, under a key derived from the playback signing key for this use alone.
/// Only base64url characters and '.', so it fits the edge contract's <c>[A-Za-z0-9_.-]{1,256}</c>.
/// The current key signs; the previous one (a rotation) still verifies, until its credentials expire.
/// </summary>
public sealed class PlaybackCredentialSigner
{
    public const int MaxLength = 256;
    private const byte Version = 1;
    private const int PayloadBytes = 1 + 16 * 3 + 8;
    private const int MacBytes = 16;
    private static readonly int PayloadChars = Base64Url.GetEncodedLength(PayloadBytes);
    private static readonly int MacChars = Base64Url.GetEncodedLength(MacBytes);
    private static readonly byte[] Label = "streaming/playback-credential/v1"u8.ToArray();

    private readonly byte[] _key;
    private readonly byte[]? _previousKey;
    private readonly TimeProvider _time;

    /// <param name="manifestKey">The derived playback signing key (<see cref="PlaybackSigningOptions.ManifestKey"/>).</param>
    /// <param name="previousManifestKey">The key before a rotation, verify only.</param>
    public PlaybackCredentialSigner(byte[] manifestKey, byte[]? previousManifestKey = null, TimeProvider? time = null)
    {
        _key = Derive(manifestKey);
        _previousKey = previousManifestKey is null ? null : Derive(previousManifestKey);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The expected length of every credential this version makes.</summary>
    public static int Length => PayloadChars + 1 + MacChars;

    public string Issue(PlaybackCredential credential)
    {
        Span<byte> payload = stackalloc byte[PayloadBytes];
        Write(credential, payload);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, payload, mac);
        return string.Concat(Base64Url.EncodeToString(payload), ".", Base64Url.EncodeToString(mac[..MacBytes]));
    }

    /// <summary>Checks <paramref name="text"/> for <paramref name="movieId"/> now; never throws on any input.</summary>
    public CredentialVerdict Verify(string? text, Guid movieId)
    {
        if (text is null || text.Length != Length || text[PayloadChars] != '.' || !IsBase64UrlExcept(text, PayloadChars))
        {
            return new(CredentialFailure.Invalid, default);
        }
        Span<byte> payload = stackalloc byte[PayloadBytes];
        Span<byte> given = stackalloc byte[MacBytes];
        if (!Decodes(text.AsSpan(0, PayloadChars), payload) || !Decodes(text.AsSpan(PayloadChars + 1), given)
            || payload[0] != Version
            // Base64url has spare bits in its last character: only the canonical text is the credential.
            || !Base64Url.EncodeToString(payload).AsSpan().SequenceEqual(text.AsSpan(0, PayloadChars))
            || !Base64Url.EncodeToString(given).AsSpan().SequenceEqual(text.AsSpan(PayloadChars + 1)))
        {
            return new(CredentialFailure.Invalid, default);
        }
        if (!Matches(_key, payload, given) && !(_previousKey is not null && Matches(_previousKey, payload, given)))
        {
            return new(CredentialFailure.Invalid, default);
        }
        var credential = Read(payload);
        if (credential.ExpiresAtUnixSeconds < _time.GetUtcNow().ToUnixTimeSeconds())
        {
            return new(CredentialFailure.Expired, credential);
        }
        return credential.MovieId != movieId ? new(CredentialFailure.WrongTitle, credential) : new(CredentialFailure.None, credential);
    }

    /// <summary>Exactly fills <paramref name="bytes"/>; the status form of the decoder never throws.</summary>
    private static bool Decodes(ReadOnlySpan<char> text, Span<byte> bytes) =>
        Base64Url.DecodeFromChars(text, bytes, out var consumed, out var written) == System.Buffers.OperationStatus.Done
        && consumed == text.Length && written == bytes.Length;

    /// <summary>Base64url's decoder throws on other characters: only its alphabet (and the one separator) get that far.</summary>
    private static bool IsBase64UrlExcept(string text, int separator)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (i != separator && !(char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '_'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool Matches(byte[] key, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> given)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, payload, mac);
        return CryptographicOperations.FixedTimeEquals(mac[..MacBytes], given);
    }

    private static void Write(PlaybackCredential credential, Span<byte> payload)
    {
        payload[0] = Version;
        credential.SessionId.TryWriteBytes(payload.Slice(1, 16), bigEndian: true, out _);
        credential.UserId.TryWriteBytes(payload.Slice(17, 16), bigEndian: true, out _);
        credential.MovieId.TryWriteBytes(payload.Slice(33, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(payload.Slice(49, 8), credential.ExpiresAtUnixSeconds);
    }

    private static PlaybackCredential Read(ReadOnlySpan<byte> payload) => new(
        new Guid(payload.Slice(1, 16), bigEndian: true),
        new Guid(payload.Slice(17, 16), bigEndian: true),
        new Guid(payload.Slice(33, 16), bigEndian: true),
        BinaryPrimitives.ReadInt64BigEndian(payload.Slice(49, 8)));

    private static byte[] Derive(byte[] manifestKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, manifestKey, 32, salt: [], info: Label);
}
