using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Playback;

/// <summary>Debian's Chromium plays manifest_url with hls.js and dash.js (fetching segments cross-origin from S3), and the player page resumes.</summary>
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
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(ApiUrl("/player"));
        await page.EvaluateAsync(PlayInPage, new object[] { stream.GetProperty("manifest_url").GetString()!, format });

        await page.WaitForFunctionAsync("() => window.testVideo.currentTime > 5", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
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

    private string ApiUrl(string path)
    {
        using var client = app.CreateClient(ResourceNames.Api);
        return new Uri(client.BaseAddress!, path).ToString();
    }
}
