using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Streaming.Api.Auth;

/// <summary>The bearer token handler, validating each distinct token once while it lives (see <see cref="ValidatedTokenCache"/>).</summary>
public sealed class CachingJsonWebTokenHandler(ValidatedTokenCache cache) : JsonWebTokenHandler
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (cache.TryGet(token, validationParameters, out var cached))
        {
            return cached;
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        cache.Add(token, validationParameters, result);
        return result;
    }
}
