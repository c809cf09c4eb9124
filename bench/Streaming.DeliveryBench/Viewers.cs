using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Streaming.AppHost.Infrastructure;

namespace Streaming.DeliveryBench;

/// <summary>A user of the stub with a token; its sessions are started on one of the two APIs.</summary>
public sealed record Viewer(Guid UserId, string Token);

/// <summary>A started stream session: its id and the manifest_url the API answered.</summary>
public sealed record Session(Guid Id, Uri ManifestUrl);

/// <summary>Users made in the user service stub, and the stream calls a player makes on the API.</summary>
public sealed class Viewers(BenchApp app) : IDisposable
{
    private readonly HttpClient _users = app.CreateClient(ServiceNames.UserService);
    private readonly Dictionary<string, HttpClient> _apis = new()
    {
        [ServiceNames.Api] = WithTimeout(app.CreateClient(ServiceNames.Api)),
        [BenchApp.PresignedApi] = WithTimeout(app.CreateClient(BenchApp.PresignedApi)),
    };

    /// <summary>A premium user with room for <paramref name="maxStreams"/> sessions, ending at <paramref name="expiresAt"/>.</summary>
    public async Task<Viewer> CreateAsync(int maxStreams = 4, DateTimeOffset? expiresAt = null)
    {
        var user = Guid.NewGuid();
        (await _users.PutAsJsonAsync($"/dev/users/{user}/subscription",
            new { active = true, plan = "premium", expires_at = expiresAt ?? DateTimeOffset.UtcNow.AddDays(30), max_streams = maxStreams })).EnsureSuccessStatusCode();
        using var token = await _users.PostAsJsonAsync("/dev/token", new { user_id = user });
        token.EnsureSuccessStatusCode();
        return new Viewer(user, (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!);
    }

    public Task<List<Viewer>> CreateManyAsync(int count, int maxStreams = 4) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(_ => CreateAsync(maxStreams))).ContinueWith(t => t.Result.ToList(), TaskScheduler.Default);

    /// <summary>Starts a session (retried as <see cref="SendAcceptedAsync"/> says).</summary>
    public async Task<Session> StartAsync(Viewer viewer, Guid movie, string api = ServiceNames.Api, string? deviceId = null) =>
        SessionOf(await SendAcceptedAsync(viewer, api, $"/api/v1/stream/{movie}",
            deviceId is null ? new { manifest_type = "hls" } : new { manifest_type = "hls", device_id = deviceId }, "start"));

    private static Session SessionOf(string body)
    {
        var json = JsonDocument.Parse(body).RootElement;
        return new Session(json.GetProperty("session_id").GetGuid(), new Uri(json.GetProperty("manifest_url").GetString()!));
    }

    public async Task StopAsync(Viewer viewer, Guid movie, Guid? sessionId = null, string? deviceId = null, string api = ServiceNames.Api)
    {
        var body = new Dictionary<string, object> { ["position_seconds"] = 10 };
        if (sessionId is { } id)
        {
            body["session_id"] = id;
        }
        if (deviceId is not null)
        {
            body["device_id"] = deviceId;
        }
        await SendAcceptedAsync(viewer, api, $"/api/v1/stream/{movie}/stop", body, "stop");
    }

    /// <summary>A progress report (a player's sign of life); its status.</summary>
    public async Task<int> ReportAsync(Viewer viewer, Guid movie, Guid sessionId, int position)
    {
        using var response = await SendAsync(viewer, ServiceNames.Api, $"/api/v1/stream/{movie}/progress", new { position_seconds = position, session_id = sessionId });
        return (int)response.StatusCode;
    }

    /// <summary>
    /// Sends until the API accepts; a 503 or 429 is retried every second a few times, as a player does (the API's 503
    /// says to repeat shortly: a loaded machine can pass the request deadline on a cold connection). Returns the body.
    /// </summary>
    private async Task<string> SendAcceptedAsync(Viewer viewer, string api, string path, object body, string what)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await SendAsync(viewer, api, path, body);
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                return text;
            }
            if (attempt == 5 || (int)response.StatusCode is not (503 or 429))
            {
                throw new InvalidOperationException($"{what} on {api}: {(int)response.StatusCode} {text}");
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Viewer viewer, string api, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", viewer.Token);
        return await _apis[api].SendAsync(request);
    }

    private static HttpClient WithTimeout(HttpClient client)
    {
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    public void Dispose()
    {
        _users.Dispose();
        foreach (var api in _apis.Values)
        {
            api.Dispose();
        }
    }
}
