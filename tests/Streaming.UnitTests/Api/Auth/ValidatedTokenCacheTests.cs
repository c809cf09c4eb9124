using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Streaming.Api.Auth;
using Streaming.UnitTests.Support;

namespace Streaming.UnitTests.Api.Auth;

public sealed class ValidatedTokenCacheTests
{
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes(TestConfiguration.StrongSecret));
    private static readonly SymmetricSecurityKey OtherKey = new(Encoding.UTF8.GetBytes(TestConfiguration.OtherStrongSecret));

    private static TokenValidationParameters Parameters(SecurityKey key, string issuer = "https://auth.example.test") => new()
    {
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.Zero,
        ValidIssuer = issuer,
        ValidAudience = "streaming-api",
    };

    private static string Token(DateTime expires, SecurityKey? key = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString())]),
        Issuer = "https://auth.example.test",
        Audience = "streaming-api",
        IssuedAt = expires.AddHours(-2),
        NotBefore = expires.AddHours(-2),
        Expires = expires,
        SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task A_token_is_validated_once_and_served_from_the_cache_until_its_exp()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var cache = new ValidatedTokenCache(time, 100);
        var handler = new CachingJsonWebTokenHandler(cache);
        var token = Token(DateTime.UtcNow.AddHours(1));

        var first = await handler.ValidateTokenAsync(token, Parameters(Key));
        var second = await handler.ValidateTokenAsync(token, Parameters(Key));

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Same(first.SecurityToken, second.SecurityToken); // not parsed nor checked again
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity); // each request its own identity
        Assert.Equal(first.ClaimsIdentity.FindFirst("sub")!.Value, second.ClaimsIdentity.FindFirst("sub")!.Value);

        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet(token, Parameters(Key), out _));
    }

    [Fact]
    public async Task A_cached_token_is_refused_once_its_exp_has_passed()
    {
        var handler = new CachingJsonWebTokenHandler(new ValidatedTokenCache(TimeProvider.System, 100));
        // exp has whole seconds: at least one second ahead.
        var expires = DateTime.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2);
        var token = Token(expires);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(Key))).IsValid);

        while (DateTime.UtcNow <= expires.AddMilliseconds(100))
        {
            await Task.Delay(100);
        }
        var late = await handler.ValidateTokenAsync(token, Parameters(Key));

        Assert.False(late.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(late.Exception);
    }

    [Fact]
    public async Task A_changed_signing_key_or_issuer_validates_again_and_refuses_the_token()
    {
        var handler = new CachingJsonWebTokenHandler(new ValidatedTokenCache(TimeProvider.System, 100));
        var token = Token(DateTime.UtcNow.AddHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(Key))).IsValid);

        var rotated = await handler.ValidateTokenAsync(token, Parameters(OtherKey));
        var otherIssuer = await handler.ValidateTokenAsync(token, Parameters(Key, issuer: "https://other.example.test"));

        Assert.False(rotated.IsValid);
        Assert.IsAssignableFrom<SecurityTokenSignatureKeyNotFoundException>(rotated.Exception);
        Assert.False(otherIssuer.IsValid);
        Assert.IsType<SecurityTokenInvalidIssuerException>(otherIssuer.Exception);
    }

    [Fact]
    public async Task A_refused_token_is_not_cached()
    {
        using var cache = new ValidatedTokenCache(TimeProvider.System, 100);
        var handler = new CachingJsonWebTokenHandler(cache);

        var forged = await handler.ValidateTokenAsync(Token(DateTime.UtcNow.AddHours(1), OtherKey), Parameters(Key));

        Assert.False(forged.IsValid);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task The_cache_holds_at_most_its_size()
    {
        using var cache = new ValidatedTokenCache(TimeProvider.System, 10);
        var handler = new CachingJsonWebTokenHandler(cache);

        for (var i = 0; i < 50; i++)
        {
            Assert.True((await handler.ValidateTokenAsync(Token(DateTime.UtcNow.AddHours(1)), Parameters(Key))).IsValid);
        }

        Assert.InRange(cache.Count, 1, 10);
    }
}
