using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Streaming.IntegrationTests.Api.Support;

namespace Streaming.IntegrationTests.Outages;

/// <summary>What the issue promises while a dependency is down: the documented status, fast, as problem details.</summary>
public static class Outage
{
    /// <summary>PostgreSQL or S3 down: start, stop and manifest requests answer within this.</summary>
    public static readonly TimeSpan DatabaseOrStorageBound = TimeSpan.FromSeconds(5);

    /// <summary>Redis down: progress writes answer within this.</summary>
    public static readonly TimeSpan ProgressStoreBound = TimeSpan.FromSeconds(2);

    /// <summary>After a dependency returns, requests succeed again within this.</summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    public static async Task<JsonElement> AssertProblemWithinAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, TimeSpan bound, string what)
    {
        var clock = Stopwatch.StartNew();
        using var response = await send();
        clock.Stop();
        var problem = await Problems.AssertProblemAsync(response, status);
        Assert.True(clock.Elapsed < bound, $"{what} answered {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s (bound {bound.TotalSeconds} s).");
        return problem;
    }

    public static async Task<JsonElement> AssertOkWithinAsync(Func<Task<HttpResponseMessage>> send, TimeSpan bound, string what)
    {
        var clock = Stopwatch.StartNew();
        using var response = await send();
        clock.Stop();
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what} answered {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s: {body}");
        Assert.True(clock.Elapsed < bound, $"{what} answered after {clock.Elapsed.TotalSeconds:F1} s (bound {bound.TotalSeconds} s).");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Repeats the request until it answers 200; fails with the last answer when it never does.</summary>
    public static async Task<JsonElement?> AssertRecoversAsync(Func<Task<HttpResponseMessage>> send, TimeSpan bound, string what)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < bound)
        {
            try
            {
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return body.Length == 0 || response.Content.Headers.ContentType?.MediaType != "application/json"
                        ? null
                        : JsonDocument.Parse(body).RootElement.Clone();
                }
                last = $"{(int)response.StatusCode} {body}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"{what} did not answer 200 within {bound.TotalSeconds} s; last answer: {last}");
        return null;
    }

    public static Task<HttpResponseMessage> StartAsync(this HttpClient viewer, Guid movieId) =>
        viewer.PostAsJsonAsync($"/api/v1/stream/{movieId}", new { });

    public static Task<HttpResponseMessage> StopAsync(this HttpClient viewer, Guid movieId, int positionSeconds) =>
        viewer.PostAsJsonAsync($"/api/v1/stream/{movieId}/stop", new { position_seconds = positionSeconds });

    public static Task<HttpResponseMessage> ReportProgressAsync(this HttpClient viewer, Guid movieId, int positionSeconds) =>
        viewer.PostAsJsonAsync($"/api/v1/stream/{movieId}/progress", new { position_seconds = positionSeconds });

    public static Task<HttpResponseMessage> GetProgressAsync(this HttpClient viewer, Guid movieId) =>
        viewer.GetAsync($"/api/v1/stream/{movieId}/progress");

    /// <summary>Starts a stream that must succeed and returns its manifest URL (not fetched).</summary>
    public static async Task<Uri> StartForManifestAsync(this HttpClient viewer, Guid movieId)
    {
        using var response = await viewer.StartAsync(movieId);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"start answered {(int)response.StatusCode}: {body}");
        return new Uri(viewer.BaseAddress!, JsonDocument.Parse(body).RootElement.GetProperty("manifest_url").GetString());
    }
}
