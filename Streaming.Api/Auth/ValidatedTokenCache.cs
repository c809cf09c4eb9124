using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.Tokens;

namespace Streaming.Api.Auth;

/// <summary>
/// Tokens this replica has validated, until their <c>exp</c>: a player sends the same token every 10 seconds, so its
/// signature and claims are checked once instead of on every update. Entries are found by a SHA-256 of the token
/// string (the token itself is not kept as a key), served only under the same signing key, issuer and audience they
/// were validated with, and bounded in number (<c>JWT_VALIDATION_CACHE_SIZE</c>); failures are never cached.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider time, int capacity) : IDisposable
{
    public const string SizeSetting = "JWT_VALIDATION_CACHE_SIZE";
    public const int DefaultSize = 100_000;
    private const int StackLimit = 2048;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = capacity });

    public static ValidatedTokenCache From(IConfiguration configuration, TimeProvider time) =>
        new(time, configuration.GetValue(SizeSetting, DefaultSize) is > 0 and var size
            ? size
            : throw new InvalidOperationException($"{SizeSetting} must be a positive number of tokens."));

    public int Count => _cache.Count;

    public bool TryGet(string token, TokenValidationParameters parameters, out TokenValidationResult result)
    {
        if (_cache.TryGetValue(KeyOf(token), out CachedToken? entry) && entry!.Serves(parameters, time.GetUtcNow()))
        {
            // A principal of its own per request: nothing a request adds to its identity reaches another request.
            result = new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = entry.Identity.Clone(),
                SecurityToken = entry.Token,
                Issuer = entry.Issuer,
            };
            return true;
        }
        result = null!;
        return false;
    }

    public void Add(string token, TokenValidationParameters parameters, TokenValidationResult result)
    {
        if (!result.IsValid || result.ClaimsIdentity is null || result.SecurityToken is null)
        {
            return;
        }
        var expires = new DateTimeOffset(DateTime.SpecifyKind(result.SecurityToken.ValidTo, DateTimeKind.Utc));
        if (expires <= time.GetUtcNow())
        {
            return;
        }
        var entry = new CachedToken(result.ClaimsIdentity, result.SecurityToken, expires,
            parameters.IssuerSigningKey, parameters.ValidIssuer, parameters.ValidAudience, result.Issuer);
        _cache.Set(KeyOf(token), entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });
    }

    private static Guid KeyOf(string token)
    {
        // The exact size (a token is ASCII): a fixed 2 KiB stack buffer was zeroed on every request.
        var length = Encoding.UTF8.GetByteCount(token);
        var rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> bytes = rented ?? stackalloc byte[length];
            var written = Encoding.UTF8.GetBytes(token, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..written], hash);
            return new Guid(hash[..16]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public void Dispose() => _cache.Dispose();

    private sealed record CachedToken(ClaimsIdentity Identity, SecurityToken Token, DateTimeOffset Expires,
        SecurityKey? SigningKey, string? ValidIssuer, string? ValidAudience, string? Issuer)
    {
        /// <summary>Until exp, and only while the same key, issuer and audience are configured (a rotated key re-validates).</summary>
        public bool Serves(TokenValidationParameters parameters, DateTimeOffset now) =>
            now < Expires
            && ReferenceEquals(SigningKey, parameters.IssuerSigningKey)
            && ValidIssuer == parameters.ValidIssuer
            && ValidAudience == parameters.ValidAudience;
    }
}
