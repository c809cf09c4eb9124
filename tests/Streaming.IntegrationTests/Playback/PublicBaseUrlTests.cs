using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Streaming.IntegrationTests.Playback;

/// <summary>
/// With PUBLIC_BASE_URL set (here: the presigned API's own address, so that the presigned tests follow such links),
/// manifest_url is built on it, whatever Host or forwarded headers the request came with.
/// </summary>
[Collection(PlaybackCollection.Name)]
public sealed class PublicBaseUrlTests(PlaybackApp app)
{
    [Fact]
    public async Task Manifest_url_uses_the_public_base_url_over_the_request_host_and_a_trusted_proxys_headers()
    {
        using var api = app.CreateClient(PresignedApi.Name);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stream/{PlaybackApp.Movie}") { Content = JsonContent.Create(new { manifest_type = "hls" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(PlaybackApp.PremiumUser));
        request.Headers.Host = "attacker.example";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "proxy.example");

        using var response = await api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);

        var manifestUrl = JsonDocument.Parse(body).RootElement.GetProperty("manifest_url").GetString()!;
        Assert.StartsWith($"{app.PublicBaseUrl(PresignedApi.Name).TrimEnd('/')}/api/v1/playback/", manifestUrl);
        Assert.EndsWith($"/{PlaybackApp.Movie}/index.m3u8", manifestUrl);
    }
}
