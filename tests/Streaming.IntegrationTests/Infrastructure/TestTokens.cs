using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>Access tokens minted here, the way the auth service would (and the ways it never should).</summary>
public static class TestTokens
{
    /// <summary>The AppHost's development jwt-secret parameter (Streaming.AppHost/appsettings.Development.json).</summary>
    public const string DevelopmentSecret = "dev-only-jwt-secret-change-me-0123456789";

    // Only the times we set: no implicit nbf/iat/exp, so a token without exp really has none.
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Valid(Guid userId) => Create(userId.ToString(), DateTime.UtcNow.AddHours(1), Signing(DevelopmentSecret, SecurityAlgorithms.HmacSha256));

    public static string ExpiredMinutesAgo(Guid userId, int minutes) => ExpiredSecondsAgo(userId, minutes * 60);

    public static string ExpiredSecondsAgo(Guid userId, int seconds) =>
        Create(userId.ToString(), DateTime.UtcNow.AddSeconds(-seconds), Signing(DevelopmentSecret, SecurityAlgorithms.HmacSha256));

    public static string SignedWithAnotherSecret(Guid userId) =>
        Create(userId.ToString(), DateTime.UtcNow.AddHours(1), Signing("another-secret-that-is-long-enough-0123456789", SecurityAlgorithms.HmacSha256));

    /// <summary>
    /// HS384/HS512 keyed with the shared secret itself. Written by hand: the library refuses a key shorter than
    /// the hash, but an attacker's tooling does not, and the API must still refuse the algorithm.
    /// </summary>
    public static string SignedWithSharedSecretUsing(string algorithm, Guid userId)
    {
        var header = Base64UrlEncoder.Encode($$"""{"alg":"{{algorithm}}","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"{{userId}}","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");
        var key = Encoding.UTF8.GetBytes(DevelopmentSecret);
        var input = Encoding.ASCII.GetBytes($"{header}.{payload}");
        var signature = algorithm switch
        {
            SecurityAlgorithms.HmacSha384 => HMACSHA384.HashData(key, input),
            SecurityAlgorithms.HmacSha512 => HMACSHA512.HashData(key, input),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "HS384 or HS512"),
        };
        return $"{header}.{payload}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>alg "none" and an empty signature: anyone could have written it.</summary>
    public static string Unsigned(Guid userId) => Create(userId.ToString(), DateTime.UtcNow.AddHours(1), signing: null);

    public static string WithoutExpiry(Guid userId) => Create(userId.ToString(), expires: null, Signing(DevelopmentSecret, SecurityAlgorithms.HmacSha256));

    public static string WithSubject(string subject) => Create(subject, DateTime.UtcNow.AddHours(1), Signing(DevelopmentSecret, SecurityAlgorithms.HmacSha256));

    /// <summary>Correctly signed, but declared as another kind of token than the access JWT the API accepts.</summary>
    public static string OfType(string type, Guid userId) =>
        Create(userId.ToString(), DateTime.UtcNow.AddHours(1), Signing(DevelopmentSecret, SecurityAlgorithms.HmacSha256), type);

    /// <summary>An HS256 token with exactly these claims; a null time or name leaves the claim out.</summary>
    public static string Custom(Guid userId, string secret, string? issuer, string? audience, DateTime? issuedAt, DateTime expires) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId.ToString())]),
            IssuedAt = issuedAt,
            Expires = expires,
            Issuer = issuer,
            Audience = audience,
            SigningCredentials = Signing(secret, SecurityAlgorithms.HmacSha256),
        });

    private static SigningCredentials Signing(string secret, string algorithm) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), algorithm);

    private static string Create(string subject, DateTime? expires, SigningCredentials? signing, string? type = null) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject)]),
            IssuedAt = DateTime.UtcNow.AddMinutes(-90),
            Expires = expires,
            SigningCredentials = signing,
            TokenType = type,
        });
}
