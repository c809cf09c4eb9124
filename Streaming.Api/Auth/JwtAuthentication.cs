using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Streaming.Api.Errors;

namespace Streaming.Api.Auth;

/// <summary>
/// Bearer tokens issued by the auth service: HS256 with the shared secret <c>JWT_SECRET_KEY</c>, <c>sub</c> = user id.
/// </summary>
public static class JwtAuthentication
{
    public const int MinimumSecretBytes = 32; // HS256 needs a key of at least 256 bits.

    public static IServiceCollection AddStreamingJwtAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var secret = configuration["JWT_SECRET_KEY"];
        if (string.IsNullOrEmpty(secret) || Encoding.UTF8.GetByteCount(secret) < MinimumSecretBytes)
        {
            throw new InvalidOperationException(
                $"JWT_SECRET_KEY must be set to at least {MinimumSecretBytes} bytes (256 bits); refusing to start with a weak secret.");
        }
        var issuer = configuration["JWT_ISSUER"];
        var audience = configuration["JWT_AUDIENCE"];

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
                    ValidateIssuerSigningKey = true,
                    // Pinned: "none" and every other algorithm are refused.
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidTypes = ["JWT"],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    ValidateIssuer = !string.IsNullOrEmpty(issuer),
                    ValidIssuer = issuer,
                    ValidateAudience = !string.IsNullOrEmpty(audience),
                    ValidAudience = audience,
                    NameClaimType = "sub",
                };
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (context.Principal?.UserId() is null)
                        {
                            context.Fail(new SecurityTokenValidationException("The token's sub must be the user's UUID."));
                        }
                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var (error, description) = context.AuthenticateFailure switch
                        {
                            null when string.IsNullOrEmpty(context.Request.Headers.Authorization) => (null, "A bearer token is required."),
                            null => ("invalid_token", "The bearer token is malformed."),
                            SecurityTokenExpiredException => ("invalid_token", "The token has expired."),
                            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => ("invalid_token", "The token signature is invalid."),
                            SecurityTokenInvalidAlgorithmException => ("invalid_token", "The token must be signed with HS256."),
                            SecurityTokenInvalidTypeException => ("invalid_token", "The token type is not accepted."),
                            SecurityTokenNoExpirationException => ("invalid_token", "The token has no expiry (exp)."),
                            SecurityTokenInvalidIssuerException => ("invalid_token", "The token issuer is not accepted."),
                            SecurityTokenInvalidAudienceException => ("invalid_token", "The token audience is not accepted."),
                            SecurityTokenValidationException failure => ("invalid_token", failure.Message),
                            _ => ("invalid_token", "The bearer token is invalid."),
                        };
                        context.Response.Headers.WWWAuthenticate = error is null
                            ? "Bearer"
                            : $"Bearer error=\"{error}\", error_description=\"{description}\"";
                        await ProblemResponses.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", description);
                    },
                };
            });
        services.AddAuthorization();
        return services;
    }
}
