using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Streaming.UserServiceStub.DevTools;

/// <summary>Mints the HS256 access tokens the auth service would issue, signed with the shared secret.</summary>
public sealed class DevTokenIssuer
{
    // The token carries exactly the times we set: no implicit nbf, and exp may lie in the past on purpose.
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly DevTokenOptions _options;
    private readonly SigningCredentials _signingCredentials;
    private readonly TimeProvider _timeProvider;

    public DevTokenIssuer(IOptions<DevTokenOptions> options, TimeProvider timeProvider)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _signingCredentials = new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_options.SecretKey)),
            SecurityAlgorithms.HmacSha256);
    }

    public DevTokenResponse Issue(Guid userId, int expiresInSeconds)
    {
        var issuedAt = _timeProvider.GetUtcNow().UtcDateTime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId.ToString())]),
            IssuedAt = issuedAt,
            Expires = issuedAt.AddSeconds(expiresInSeconds),
            Issuer = string.IsNullOrWhiteSpace(_options.Issuer) ? null : _options.Issuer,
            Audience = string.IsNullOrWhiteSpace(_options.Audience) ? null : _options.Audience,
            SigningCredentials = _signingCredentials,
        });
        return new DevTokenResponse(token, "Bearer", expiresInSeconds);
    }
}
