using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>Behind a TLS-terminating proxy the API trusts, manifest_url is the address the player used: https, the public host.</summary>
[Collection(ApiTimingCollection.Name)]
public sealed class TrustedProxyTests(ApiTimingApp app) : IDisposable
{
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task Manifest_url_follows_the_forwarded_scheme_and_host_of_a_trusted_proxy()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        ForwardAsTlsProxy(viewer, ApiTimingApp.PublicHost);

        var start = await Json.ReadAsync(await viewer.StartAsync(movieId));

        var manifestUrl = start.GetProperty("manifest_url").GetString()!;
        Assert.StartsWith($"https://{ApiTimingApp.PublicHost}/api/v1/playback/", manifestUrl);
        Assert.EndsWith($"/{movieId}/index.m3u8", manifestUrl);
    }

    [Fact]
    public async Task A_forwarded_host_outside_allowed_hosts_is_not_used_even_from_a_trusted_proxy()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        ForwardAsTlsProxy(viewer, "attacker.example");

        var start = await Json.ReadAsync(await viewer.StartAsync(movieId));

        var manifestUrl = new Uri(start.GetProperty("manifest_url").GetString()!);
        Assert.NotEqual("attacker.example", manifestUrl.Host);
        Assert.Equal(viewer.Http.BaseAddress!.Authority, manifestUrl.Authority);
    }

    private static void ForwardAsTlsProxy(Viewer viewer, string host)
    {
        viewer.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        viewer.Http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        viewer.Http.DefaultRequestHeaders.Add("X-Forwarded-Host", host);
    }

    public void Dispose() => _users.Dispose();
}
