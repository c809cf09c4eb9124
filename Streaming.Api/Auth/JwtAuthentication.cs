using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Streaming.Api.Http;

namespace Streaming.Api.Auth;

/// <summary>
/// Bearer tokens issued by the auth service: HS256 with the shared secret <c>JWT_SECRET_KEY</c>, <c>sub</c> = user id,
/// at most <c>JWT_MAX_LIFETIME</c> long (see <see cref="JwtSettings"/>).
/// </summary>
public static class JwtAuthentication
{
    public static IServiceCollection AddStreamingJwtAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = JwtSettings.From(configuration, environment);
        services.AddSingleton(settings);
        var validated = ValidatedTokenCache.From(configuration, TimeProvider.System);
        services.AddSingleton(validated);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new CachingJsonWebTokenHandler(validated));
                // After the handlers are set: the option is applied to the handlers present.
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.Secret)),
                    ValidateIssuerSigningKey = true,
                    // Pinned: "none" and every other algorithm are refused.
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidTypes = ["JWT"],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    ValidateIssuer = settings.Issuer is not null,
                    ValidIssuer = settings.Issuer,
                    ValidateAudience = settings.Audience is not null,
                    ValidAudience = settings.Audience,
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
                        else if (context.SecurityToken is JsonWebToken token
                                 && !settings.AcceptsLifetime(token.IssuedAt, token.ValidTo, DateTime.UtcNow))
                        {
                            context.Fail(new SecurityTokenValidationException(
                                $"The token lives longer than the {(int)settings.MaxLifetime.TotalSeconds} s the API accepts."));
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
