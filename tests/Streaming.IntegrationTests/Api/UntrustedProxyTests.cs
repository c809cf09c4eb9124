using System.Net;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>A caller that is not a trusted proxy cannot choose the scheme or host of the links the API hands out.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class UntrustedProxyTests(ApiContractApp app) : IDisposable
{
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task Forwarded_scheme_and_host_from_an_untrusted_caller_are_ignored()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        viewer.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        viewer.Http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        viewer.Http.DefaultRequestHeaders.Add("X-Forwarded-Host", ApiTimingApp.PublicHost);

        var start = await Json.ReadAsync(await viewer.StartAsync(movieId));

        var manifestUrl = start.GetProperty("manifest_url").GetString()!;
        Assert.StartsWith($"http://{viewer.Http.BaseAddress!.Authority}/api/v1/playback/", manifestUrl);
    }

    [Fact]
    public async Task A_host_outside_allowed_hosts_is_refused()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stream/{movieId}") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Host = "attacker.example";

        using var response = await viewer.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public void Dispose() => _users.Dispose();
}
