using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Streaming.Api.Storage;

public sealed partial class S3UrlPresigner
{
    /// <summary>
    /// URLs signed at one instant for one lifetime. Each URL is written straight into the caller's buffer: the fixed
    /// parts of the canonical request and of the URL are encoded once per batch, and the hashes live on the stack.
    /// </summary>
    public sealed class PresignBatch
    {
        private const int HashLength = 32;
        private const int HexLength = 2 * HashLength;
        private const int StackLimit = 1024;

        // The HMAC keeps its keyed state between URLs; one per thread, since batches may be used from any thread.
        [ThreadStatic]
        private static (byte[] Key, IncrementalHash Hmac)? t_hmac;

        private readonly byte[] _signingKey;
        private readonly byte[] _canonicalHead;
        private readonly byte[] _canonicalTail;
        private readonly string _urlHead;
        private readonly string _urlTail;
        private readonly byte[] _stringToSignPrefix;

        internal PresignBatch(byte[] signingKey, string canonicalHead, string canonicalTail, string urlHead, string urlTail, string stringToSignPrefix)
        {
            _signingKey = signingKey;
            _canonicalHead = Encoding.UTF8.GetBytes(canonicalHead);
            _canonicalTail = Encoding.UTF8.GetBytes(canonicalTail);
            _urlHead = urlHead;
            _urlTail = urlTail;
            _stringToSignPrefix = Encoding.UTF8.GetBytes(stringToSignPrefix);
        }

        /// <summary>A presigned GET URL for <paramref name="key"/> in the bucket.</summary>
        public string Get(string key)
        {
            var length = MaxLength(key.Length);
            char[]? rented = null;
            var url = length <= StackLimit ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
            var result = new string(url[..Write("", key, url)]);
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
            return result;
        }

        /// <summary>Appends the presigned GET URL of the key <paramref name="keyPrefix"/> + <paramref name="key"/>.</summary>
        public void Append(StringBuilder output, ReadOnlySpan<char> keyPrefix, ReadOnlySpan<char> key)
        {
            var length = MaxLength(keyPrefix.Length + key.Length);
            char[]? rented = null;
            var url = length <= StackLimit ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
            output.Append(url[..Write(keyPrefix, key, url)]);
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }

        /// <summary>The most characters <see cref="Write"/> needs for a key of <paramref name="keyLength"/> characters.</summary>
        public int MaxLength(int keyLength) => _urlHead.Length + MaxEncodedLength(keyLength) + _urlTail.Length + HexLength;

        /// <summary>Writes the presigned URL into <paramref name="destination"/> (at least <see cref="MaxLength"/> long) and returns its length.</summary>
        public int Write(ReadOnlySpan<char> keyPrefix, ReadOnlySpan<char> key, Span<char> destination)
        {
            var requestLength = _canonicalHead.Length + MaxEncodedLength(keyPrefix.Length + key.Length) + _canonicalTail.Length;
            byte[]? rented = null;
            var request = requestLength <= StackLimit ? stackalloc byte[requestLength] : (rented = ArrayPool<byte>.Shared.Rent(requestLength));
            try
            {
                _canonicalHead.CopyTo(request);
                var path = request[_canonicalHead.Length..];
                var pathLength = EncodeKey(keyPrefix, key, path);
                _canonicalTail.CopyTo(request[(_canonicalHead.Length + pathLength)..]);
                Span<byte> signature = stackalloc byte[HashLength];
                Sign(request[..(_canonicalHead.Length + pathLength + _canonicalTail.Length)], signature);

                var written = Copy(_urlHead, destination);
                for (var i = 0; i < pathLength; i++)
                {
                    destination[written++] = (char)path[i];
                }
                written += Copy(_urlTail, destination[written..]);
                Convert.TryToHexStringLower(signature, destination[written..], out var hex);
                return written + hex;
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        private void Sign(ReadOnlySpan<byte> canonicalRequest, Span<byte> signature)
        {
            Span<byte> stringToSign = stackalloc byte[_stringToSignPrefix.Length + HexLength];
            _stringToSignPrefix.CopyTo(stringToSign);
            Span<byte> hash = stackalloc byte[HashLength];
            SHA256.HashData(canonicalRequest, hash);
            Convert.TryToHexStringLower(hash, stringToSign[_stringToSignPrefix.Length..], out _);
            var hmac = t_hmac is { } cached && ReferenceEquals(cached.Key, _signingKey) ? cached.Hmac : NewHmac();
            hmac.AppendData(stringToSign);
            hmac.GetHashAndReset(signature);
        }

        private IncrementalHash NewHmac()
        {
            t_hmac?.Hmac.Dispose();
            var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _signingKey);
            t_hmac = (_signingKey, hmac);
            return hmac;
        }

        /// <summary>A character takes at most 3 UTF-8 bytes, each at most 3 characters (%XX).</summary>
        private static int MaxEncodedLength(int keyLength) => 9 * keyLength;

        /// <summary>SigV4's encoding of the key (slashes kept) as ASCII bytes; what packagers write needs no escaping.</summary>
        private static int EncodeKey(ReadOnlySpan<char> keyPrefix, ReadOnlySpan<char> key, Span<byte> destination)
        {
            if (IsPlain(keyPrefix) && IsPlain(key))
            {
                var length = Encoding.ASCII.GetBytes(keyPrefix, destination);
                return length + Encoding.ASCII.GetBytes(key, destination[length..]);
            }
            var encoded = UriEncode(string.Concat(keyPrefix, key), keepSlash: true);
            return Encoding.ASCII.GetBytes(encoded, destination);
        }

        private static bool IsPlain(ReadOnlySpan<char> value)
        {
            foreach (var c in value)
            {
                if (!IsUnreserved(c) && c != '/')
                {
                    return false;
                }
            }
            return true;
        }

        private static int Copy(string value, Span<char> destination)
        {
            value.CopyTo(destination);
            return value.Length;
        }
    }
}
