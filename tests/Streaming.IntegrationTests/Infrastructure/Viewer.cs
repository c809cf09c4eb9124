using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>A user of the API with a bearer token: the player's side of every test.</summary>
public sealed class Viewer : IDisposable
{
    public Viewer(StreamingApp app, Guid userId, string? token = null)
    {
        UserId = userId;
        Http = app.CreateClient();
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? TestTokens.Valid(userId));
    }

    public Guid UserId { get; }

    public HttpClient Http { get; }

    public Task<HttpResponseMessage> StartAsync(Guid movieId, string? manifestType = null) =>
        Http.PostAsJsonAsync($"/api/v1/stream/{movieId}", manifestType is null ? new { } : (object)new { manifest_type = manifestType });

    /// <summary>Starts a stream that must succeed; returns its session id.</summary>
    public async Task<Guid> StartSessionAsync(Guid movieId)
    {
        using var response = await StartAsync(movieId);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("session_id").GetGuid();
    }

    public Task<HttpResponseMessage> ReportProgressAsync(Guid movieId, int positionSeconds, Guid? sessionId = null) =>
        Http.PostAsJsonAsync($"/api/v1/stream/{movieId}/progress", sessionId is { } session
            ? new { position_seconds = positionSeconds, session_id = session }
            : (object)new { position_seconds = positionSeconds });

    public Task<HttpResponseMessage> GetProgressAsync(Guid movieId) =>
        Http.GetAsync($"/api/v1/stream/{movieId}/progress");

    public Task<HttpResponseMessage> StopAsync(Guid movieId, int positionSeconds) =>
        Http.PostAsJsonAsync($"/api/v1/stream/{movieId}/stop", new { position_seconds = positionSeconds });

    /// <summary>Sends a body exactly as given, for requests no well-behaved client would make.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType = "application/json") =>
        Http.PostAsync(path, new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)));

    public void Dispose() => Http.Dispose();
}
