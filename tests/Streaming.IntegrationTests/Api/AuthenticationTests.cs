using System.Net;
using System.Net.Http.Headers;
using Microsoft.IdentityModel.Tokens;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>Only an unexpired HS256 token signed with the shared secret, for a user UUID, gets in; everything else is 401.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class AuthenticationTests(ApiContractApp app) : IDisposable
{
    private static readonly Guid UserId = Guid.NewGuid();

    private readonly HttpClient _http = app.CreateClient();

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "malformed", "not.a.jwt" },
        { "garbage", "abc" },
        { "expired", TestTokens.ExpiredMinutesAgo(UserId, 5) },
        { "wrongly signed", TestTokens.SignedWithAnotherSecret(UserId) },
        { "alg none", TestTokens.Unsigned(UserId) },
        { "HS384 with the shared secret", TestTokens.SignedWithSharedSecretUsing(SecurityAlgorithms.HmacSha384, UserId) },
        { "HS512 with the shared secret", TestTokens.SignedWithSharedSecretUsing(SecurityAlgorithms.HmacSha512, UserId) },
        { "without exp", TestTokens.WithoutExpiry(UserId) },
        { "sub not a UUID", TestTokens.WithSubject("alice") },
        { "sub empty", TestTokens.WithSubject("") },
        { "typ not JWT", TestTokens.OfType("id_token+jwt", UserId) },
    };

    [Fact]
    public async Task A_request_without_a_token_is_401_with_a_bearer_challenge()
    {
        using var response = await _http.GetAsync($"/api/v1/stream/{Guid.NewGuid()}/progress");

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_bad_token_is_401_with_an_invalid_token_challenge(string kind, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream/{Guid.NewGuid()}/progress");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await _http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"A token {kind} got {(int)response.StatusCode}.");
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter);
    }

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_bad_token_cannot_start_a_stream(string kind, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stream/{Guid.NewGuid()}") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await _http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"A token {kind} got {(int)response.StatusCode}.");
    }

    [Fact]
    public async Task A_basic_credential_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream/{Guid.NewGuid()}/progress");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        using var response = await _http.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    /// <summary>The control for the refusals above: tokens minted here are accepted when nothing is wrong with them.</summary>
    [Fact]
    public async Task A_valid_token_minted_with_the_shared_secret_is_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream/{Guid.NewGuid()}/progress");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Valid(UserId));

        using var response = await _http.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_token_expired_within_the_allowed_clock_skew_is_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream/{Guid.NewGuid()}/progress");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.ExpiredSecondsAgo(UserId, 10));

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_token_expired_beyond_the_allowed_clock_skew_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream/{Guid.NewGuid()}/progress");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.ExpiredSecondsAgo(UserId, 45));

        using var response = await _http.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    public void Dispose() => _http.Dispose();
}
