using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Playback;

/// <summary>Debian's Chromium plays manifest_url with hls.js and dash.js (through the edge, cross-origin), and the player page resumes.</summary>
[Collection(PlaybackCollection.Name)]
public sealed class BrowserPlaybackTests(PlaybackApp app)
{
    private const string PlayInPage = """
        ([url, format]) => {
          const video = document.createElement('video');
          video.muted = true;
          document.body.appendChild(video);
          window.testVideo = video;
          if (format === 'dash') {
            dashjs.MediaPlayer().create().initialize(video, url, true);
          } else {
            const hls = new Hls();
            hls.loadSource(url);
            hls.attachMedia(video);
            hls.on(Hls.Events.MANIFEST_PARSED, () => video.play());
          }
        }
        """;

    [Theory]
    [InlineData("hls")]
    [InlineData("dash")]
    public async Task Chromium_plays_manifest_url_past_five_seconds(string format)
    {
        var stream = await app.StartStreamAsync(format);
        var manifestUrl = new Uri(stream.GetProperty("manifest_url").GetString()!);
        Assert.Equal(app.EdgeUrl.Port, manifestUrl.Port);
        Assert.StartsWith("/play/", manifestUrl.AbsolutePath, StringComparison.Ordinal);
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var media = new System.Collections.Concurrent.ConcurrentBag<IResponse>();
        page.Response += (_, response) =>
        {
            if (!new Uri(response.Url).AbsolutePath.StartsWith("/player", StringComparison.Ordinal))
            {
                media.Add(response);
            }
        };
        await page.GotoAsync(ApiUrl("/player"));
        await page.EvaluateAsync(PlayInPage, new object[] { manifestUrl.ToString(), format });

        await page.WaitForFunctionAsync("() => window.testVideo.currentTime > 5", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        // Every manifest and segment came from the edge (none from S3 or the API), under the credential's prefix.
        var fetched = media.Where(response => response.Request.ResourceType is "fetch" or "xhr").ToList();
        Assert.True(fetched.Count >= 3, $"{fetched.Count} media requests");
        Assert.All(fetched, response =>
        {
            Assert.Equal(app.EdgeUrl.Port, new Uri(response.Url).Port);
            Assert.StartsWith(manifestUrl.AbsolutePath[..manifestUrl.AbsolutePath.LastIndexOf('/')], new Uri(response.Url).AbsolutePath, StringComparison.Ordinal);
            Assert.NotNull(response.Headers.GetValueOrDefault("x-cache-status"));
        });
    }

    [Fact]
    public async Task Player_page_resumes_from_the_saved_position()
    {
        using (var api = app.CreateClient())
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(PlaybackApp.PremiumUser));
            using var saved = await api.PostAsJsonAsync($"/api/v1/stream/{PlaybackApp.Movie}/progress", new { position_seconds = 6 });
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(ApiUrl($"/player?user={PlaybackApp.PremiumUser}&movie={PlaybackApp.Movie}&format=hls"));

        await page.WaitForFunctionAsync("() => window.playerState.resumedFrom === 6 && document.getElementById('video').currentTime >= 7",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
    }

    [Fact]
    public async Task Player_page_shows_the_continue_watching_row_and_resumes_from_it()
    {
        using var api = await ViewerAsync("premium");
        (await api.PostAsJsonAsync($"/api/v1/stream/{PlaybackApp.Movie}/stop", new { position_seconds = 6 })).EnsureSuccessStatusCode();
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(ApiUrl($"/player?user={api.UserId()}&movie={PlaybackApp.Movie}&format=hls"));

        var card = page.Locator($"#continue .item[data-movie='{PlaybackApp.Movie}']");
        await card.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Equal("Resume at 00:06", await card.Locator("button").InnerTextAsync());
        Assert.Equal(50, await card.Locator("progress").EvaluateAsync<double>("bar => bar.value"));
        await page.WaitForFunctionAsync("() => window.playerState.resumeChoice === 'Resume at 00:06' && window.playerState.resumedFrom === 6 && document.getElementById('video').currentTime >= 7",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
    }

    [Fact]
    public async Task Player_page_starts_a_finished_title_over()
    {
        using var api = await ViewerAsync("premium");
        (await api.PostAsJsonAsync($"/api/v1/stream/{PlaybackApp.Movie}/stop", new { position_seconds = 11 })).EnsureSuccessStatusCode();
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(ApiUrl($"/player?user={api.UserId()}&movie={PlaybackApp.Movie}&format=hls"));

        await page.WaitForFunctionAsync("() => window.playerState.resumeChoice === 'Start over' && window.playerState.resumedFrom === 0 && document.getElementById('video').currentTime > 1",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        Assert.Equal("Start over", await page.Locator("#resume-choice").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#continue .item").CountAsync());
    }

    [Fact]
    public async Task Player_page_shows_too_many_streams_and_stops_the_chosen_session()
    {
        using var api = await ViewerAsync("basic");
        using var started = await api.PostAsJsonAsync($"/api/v1/stream/{PlaybackApp.Movie}", new { manifest_type = "hls" });
        var elsewhere = (await started.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("session_id").GetString()!;
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(ApiUrl($"/player?user={api.UserId()}&movie={PlaybackApp.Movie}&format=hls"));

        await page.WaitForFunctionAsync("() => window.playerState.status === 'too-many-streams'", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        Assert.True(await page.Locator("#too-many").IsVisibleAsync());
        Assert.Contains("Too many streams", await page.Locator("#too-many").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator($"#too-many button[data-session='{elsewhere}']").ClickAsync();

        await page.WaitForFunctionAsync("() => window.playerState.status === 'playing' && document.getElementById('video').currentTime > 1",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        Assert.False(await page.Locator("#too-many").IsVisibleAsync());
        // The page stopped it with its own device_id: the other device is told its stream was stopped elsewhere.
        using var report = await api.PostAsJsonAsync($"/api/v1/stream/{PlaybackApp.Movie}/progress", new { position_seconds = 3, session_id = elsewhere });
        Assert.Equal(System.Net.HttpStatusCode.Conflict, report.StatusCode);
        Assert.Equal("stopped_elsewhere", (await report.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Player_page_stops_and_says_why_when_another_device_stops_its_stream()
    {
        using var api = await ViewerAsync("premium");
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(ApiUrl($"/player?user={api.UserId()}&movie={PlaybackApp.Movie}&format=hls"));
        await page.WaitForFunctionAsync("() => window.playerState.status === 'playing' && document.getElementById('video').currentTime > 1",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var session = await page.EvaluateAsync<string>("() => window.playerState.sessionId");

        (await api.PostAsJsonAsync($"/api/v1/stream/{PlaybackApp.Movie}/stop", new { position_seconds = 2, session_id = session, device_id = "living-room-tv" }))
            .EnsureSuccessStatusCode();

        // The page learns it from its next progress report (every 10 s).
        await page.WaitForFunctionAsync("() => window.playerState.status === 'ended' && window.playerState.endedReason === 'stopped_elsewhere'",
            null, new PageWaitForFunctionOptions { Timeout = 45_000 });
        Assert.Equal("This stream was stopped on another device", await page.Locator("#ended").InnerTextAsync());
    }

    /// <summary>A fresh user of the plan (so no other test's sessions or progress count), with an API client.</summary>
    private async Task<HttpClient> ViewerAsync(string plan)
    {
        var user = Guid.NewGuid();
        using (var users = app.CreateClient(ResourceNames.UserService))
        {
            (await users.PutAsJsonAsync($"/dev/users/{user}/subscription", new { active = true, plan, expires_at = DateTimeOffset.UtcNow.AddDays(1) })).EnsureSuccessStatusCode();
        }
        return await app.CreateClientForAsync(user);
    }

    private string ApiUrl(string path)
    {
        using var client = app.CreateClient(ResourceNames.Api);
        return new Uri(client.BaseAddress!, path).ToString();
    }
}
