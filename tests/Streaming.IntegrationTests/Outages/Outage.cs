using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Outages;

/// <summary>
/// What the issue promises while a dependency is down: the documented status, as problem details, without waiting for
/// the dependency. The dependency stays stopped or frozen until the test heals it, so an answer at all (the test
/// clients wait up to 100 s) proves the API gave up on it; no wall-clock window is asserted.
/// </summary>
public static class Outage
{
    /// <summary>
    /// After a dependency returns, requests succeed again within this: generous for a loaded machine, and far shorter
    /// than a failure cached for a signed link's lifetime (an hour) would last.
    /// </summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(45);

    public static async Task<JsonElement> AssertProblemAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string what)
    {
        using var response = await send();
        Assert.True(response.StatusCode == status, $"{what} answered {(int)response.StatusCode}, not {(int)status}.");
        return await Problems.AssertProblemAsync(response, status);
    }

    public static async Task<JsonElement> AssertOkAsync(Func<Task<HttpResponseMessage>> send, string what)
    {
        using var response = await send();
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what} answered {(int)response.StatusCode}: {body}");
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
