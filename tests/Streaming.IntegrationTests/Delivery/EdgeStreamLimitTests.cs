using System.Net;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Playback;

namespace Streaming.IntegrationTests.Delivery;

/// <summary>
/// The start-stop loop with the seeded basic account (one stream at once), played through the edge: once the
/// stopped sessions' refusals have reached the edge, only one of all the manifest_urls handed out still fetches segments.
/// </summary>
[Collection(PlaybackCollection.Name)]
public sealed class EdgeStreamLimitTests(PlaybackApp app)
{
    /// <summary>The user service stub's seeded basic user (max_streams 1).</summary>
    private static readonly Guid BasicUser = Guid.Parse("7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c03");

    [Fact]
    public async Task After_the_start_stop_loop_of_a_basic_account_at_most_one_manifest_url_fetches_segments()
    {
        var title = await EdgeTitle.UploadAsync(app);
        using var viewer = new Viewer(app, BasicUser);
        using var edge = app.CreateEdgeClient();
        var handedOut = new List<EdgeSession> { await EdgeSession.StartAsync(viewer, title.Movie) };
        await handedOut[0].FetchAsync(edge, title.FirstSegment);
        using (var second = await viewer.StartAsync(title.Movie))
        {
            await Problems.AssertProblemAsync(second, HttpStatusCode.Conflict);
        }
        (await viewer.StopAsync(title.Movie, 4)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            var session = await EdgeSession.StartAsync(viewer, title.Movie);
            // Played a little first, so the edge holds an allowed answer for it when it stops.
            await session.FetchAsync(edge, title.FirstSegment);
            handedOut.Add(session);
            (await viewer.StopAsync(title.Movie, 4)).EnsureSuccessStatusCode();
        }
        handedOut.Add(await EdgeSession.StartAsync(viewer, title.Movie));
        Assert.Equal(5, handedOut.Select(session => session.ManifestUrl).Distinct().Count());

        // The revocation window has passed once each stopped session is refused (waited for, not timed).
        foreach (var stopped in handedOut.SkipLast(1))
        {
            Assert.Equal("stopped", await stopped.WaitUntilRefusedAsync(edge, title.Segments.Last(), TimeSpan.FromSeconds(60)));
        }
        var playing = new List<EdgeSession>();
        foreach (var session in handedOut)
        {
            using var response = await session.GetAsync(edge, title.Segments.Last());
            if (response.StatusCode == HttpStatusCode.OK)
            {
                playing.Add(session);
            }
        }
        Assert.Equal(handedOut[^1], Assert.Single(playing));

        (await viewer.StopAsync(title.Movie, 8)).EnsureSuccessStatusCode();
    }
}
