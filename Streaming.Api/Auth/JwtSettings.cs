using System.Text;
using Streaming.Api.Configuration;
using Streaming.Core.Configuration;
using Streaming.ServiceDefaults.Security;

namespace Streaming.Api.Auth;

/// <summary>
/// The bearer token settings: <c>JWT_SECRET_KEY</c>, <c>JWT_ISSUER</c>, <c>JWT_AUDIENCE</c>, <c>JWT_MAX_LIFETIME</c>.
/// Outside Development the secret must pass <see cref="SecretPolicy"/> and issuer and audience are required, so that
/// a token minted for another service, or with a published secret, is never accepted.
/// </summary>
public sealed record JwtSettings(string Secret, string? Issuer, string? Audience, TimeSpan MaxLifetime)
{
    public const string SecretKey = SharedSettings.JwtSecretSetting;
    public const string IssuerKey = SharedSettings.JwtIssuerSetting;
    public const string AudienceKey = SharedSettings.JwtAudienceSetting;
    public const string MaxLifetimeSetting = "JWT_MAX_LIFETIME";
    public const int DefaultMaxLifetimeSeconds = 86_400;

    public static JwtSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var secret = configuration[SecretKey];
        if (string.IsNullOrEmpty(secret) || Encoding.UTF8.GetByteCount(secret) < SecretPolicy.MinimumBytes)
        {
            throw new InvalidOperationException(
                $"{SecretKey} must be set to at least {SecretPolicy.MinimumBytes} bytes (256 bits); refusing to start with a weak secret.");
        }
        var issuer = configuration[IssuerKey] is { Length: > 0 } i ? i : null;
        var audience = configuration[AudienceKey] is { Length: > 0 } a ? a : null;
        if (!environment.IsDevelopment())
        {
            SecretPolicy.RequireStrong(configuration, SecretKey);
            foreach (var (key, value) in new[] { (IssuerKey, issuer), (AudienceKey, audience) })
            {
                if (value is null)
                {
                    throw new InvalidOperationException(
                        $"{key} is required outside Development: without it a token issued for any other service with the same secret would be accepted. Refusing to start.");
                }
            }
        }
        return new JwtSettings(secret, issuer, audience, configuration.GetSeconds(MaxLifetimeSetting, DefaultMaxLifetimeSeconds));
    }

    /// <summary>
    /// Lifetime counted from the earlier of <c>iat</c> and now, so that neither a long-lived token nor one that
    /// claims a recent <c>iat</c> but expires far in the future gets in.
    /// </summary>
    public bool AcceptsLifetime(DateTime issuedAtUtc, DateTime expiresUtc, DateTime nowUtc)
    {
        var start = issuedAtUtc != DateTime.MinValue && issuedAtUtc < nowUtc ? issuedAtUtc : nowUtc;
        return expiresUtc - start <= MaxLifetime;
    }
}
