using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Delivery;

/// <summary>
/// A started stream as a player holds it: the session and its manifest_url on the edge. Objects of the title are
/// fetched the way a player resolves the manifest's relative URLs: next to the manifest, under the credential.
/// </summary>
public sealed record EdgeSession(Guid Id, Guid Movie, Uri ManifestUrl)
{
    public string Credential => PlaybackCredentials.Of(ManifestUrl.ToString());

    /// <summary>The URL of an object of the title (path relative to <c>movies/{movie_id}/</c>) as the player resolves it.</summary>
    public Uri UrlOf(string path) => new(ManifestUrl, path);

    /// <summary>POST /api/v1/stream/{movie_id} (with a device_id when given) that must succeed.</summary>
    public static async Task<EdgeSession> StartAsync(Viewer viewer, Guid movie, string? deviceId = null)
    {
        using var response = await viewer.Http.PostAsJsonAsync($"/api/v1/stream/{movie}", deviceId is null ? new { } : (object)new { device_id = deviceId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var json = JsonDocument.Parse(body).RootElement;
        return new(json.GetProperty("session_id").GetGuid(), movie, new Uri(json.GetProperty("manifest_url").GetString()!));
    }

    public async Task<HttpResponseMessage> GetAsync(HttpClient edge, string path) => await edge.GetAsync(UrlOf(path));

    /// <summary>Fetches an object that must be served; its bytes.</summary>
    public async Task<byte[]> FetchAsync(HttpClient edge, string path)
    {
        using var response = await GetAsync(edge, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {PlaybackCredentials.DeniedReason(response)}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>
    /// Requests <paramref name="path"/> until the edge refuses it (the edge may reuse an allowed answer for half of
    /// PLAYBACK_REVOCATION_SECONDS): the reason it gives. Waits for the condition, generously; the figure itself is the benchmark's.
    /// </summary>
    public async Task<string?> WaitUntilRefusedAsync(HttpClient edge, string path, TimeSpan timeout)
    {
        string? reason = null;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await GetAsync(edge, path);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode} before any refusal");
            reason = PlaybackCredentials.DeniedReason(response);
            return response.StatusCode == HttpStatusCode.Forbidden;
        }, timeout, $"the edge refuses session {Id} {path} after its revocation", TimeSpan.FromMilliseconds(250));
        return reason;
    }
}
