using System.Net.Http.Json;
using System.Text.Json;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>The user service stub's development routes: subscriptions, injected faults and call counts.</summary>
public sealed class StubUserService(StreamingApp app) : IDisposable
{
    private readonly HttpClient _http = app.CreateClient(ResourceNames.UserService);

    /// <summary>A fresh user, so that cached answers and call counts of other tests cannot leak in.</summary>
    public async Task<Guid> CreateUserAsync(bool active = true, string plan = "premium", int? maxStreams = null)
    {
        var userId = Guid.NewGuid();
        await SetSubscriptionAsync(userId, active, DateTimeOffset.UtcNow.AddDays(30), plan, maxStreams);
        return userId;
    }

    public Task SetSubscriptionAsync(Guid userId, bool active) => SetSubscriptionAsync(userId, active, DateTimeOffset.UtcNow.AddDays(30));

    public async Task SetSubscriptionAsync(Guid userId, bool active, DateTimeOffset expiresAt, string plan = "premium", int? maxStreams = null)
    {
        using var response = await _http.PutAsJsonAsync($"/dev/users/{userId}/subscription",
            new { active, plan, expires_at = expiresAt, max_streams = maxStreams });
        response.EnsureSuccessStatusCode();
    }

    public async Task InjectFaultAsync(int latencyMs = 0, int? failureStatus = null)
    {
        using var response = await _http.PutAsJsonAsync("/dev/faults", new { latency_ms = latencyMs, failure_status = failureStatus });
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await _http.DeleteAsync("/dev/faults");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>How often the API asked the stub about this user.</summary>
    public async Task<long> SubscriptionCallsAsync(Guid userId)
    {
        var stats = await _http.GetFromJsonAsync<JsonElement>("/dev/stats");
        return stats.GetProperty("by_user").TryGetProperty(userId.ToString(), out var calls) ? calls.GetInt64() : 0;
    }

    public void Dispose() => _http.Dispose();
}
