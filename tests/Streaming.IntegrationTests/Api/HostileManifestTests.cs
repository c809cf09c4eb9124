using System.Net;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>
/// A manifest from a hostile or broken packager is refused with a 502 at once; the API does not obey it (before,
/// SegmentTemplate duration="0" made the request hang while the API's memory grew by gigabytes) and keeps serving.
/// </summary>
[Collection(ApiContractCollection.Name)]
public sealed class HostileManifestTests(ApiContractApp app) : IDisposable
{
    private const string DurationZeroMpd = """
        <?xml version="1.0" encoding="UTF-8"?>
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT2H" minBufferTime="PT2S">
          <Period><AdaptationSet mimeType="video/mp4">
            <SegmentTemplate timescale="1000" duration="0" media="chunk-$Number$.m4s" initialization="init.mp4" />
            <Representation id="v" bandwidth="800000" />
          </AdaptationSet></Period>
        </MPD>
        """;

    private readonly StubUserService _users = new(app);
    // Obeying the manifest never ends (the request hung while memory grew), so an answer within the player's timeout
    // shows that the API refused it without doing the work; no tighter wall-clock window is asserted.
    private readonly HttpClient _player = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task A_duration_zero_mpd_answers_502_problem_details_and_the_api_keeps_serving()
    {
        var healthy = await MediaBucket.UploadTitleAsync(app, withDash: true);
        var hostile = await MediaBucket.UploadTitleAsync(app, dashManifest: DurationZeroMpd);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        var healthyUrl = await DashManifestUrlAsync(viewer, healthy);
        var hostileUrl = await DashManifestUrlAsync(viewer, hostile);
        using (var warmUp = await _player.GetAsync(healthyUrl))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }

        using var refused = await _player.GetAsync(hostileUrl);

        var problem = await Problems.AssertProblemAsync(refused, HttpStatusCode.BadGateway);
        Assert.Equal("Unusable manifest", problem.GetProperty("title").GetString());
        Assert.Contains("duration=\"0\"", problem.GetProperty("detail").GetString());

        using var again = await _player.GetAsync(hostileUrl);
        await Problems.AssertProblemAsync(again, HttpStatusCode.BadGateway);
        using var stillServing = await _player.GetAsync(healthyUrl);
        Assert.Equal(HttpStatusCode.OK, stillServing.StatusCode);
        Assert.Contains("<MPD", await stillServing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_mpd_over_the_size_cap_answers_502_problem_details()
    {
        var padding = "<!--" + new string('x', Streaming.Api.Manifests.ManifestLimits.MaxManifestBytes) + "-->";
        var oversized = await MediaBucket.UploadTitleAsync(app, dashManifest: MediaBucket.DashManifest.Replace("<Period>", padding + "<Period>", StringComparison.Ordinal));
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        var url = await DashManifestUrlAsync(viewer, oversized);

        using var refused = await _player.GetAsync(url);

        var problem = await Problems.AssertProblemAsync(refused, HttpStatusCode.BadGateway);
        Assert.Contains("bytes", problem.GetProperty("detail").GetString());
    }

    private static async Task<Uri> DashManifestUrlAsync(Viewer viewer, Guid movieId)
    {
        using var response = await viewer.StartAsync(movieId, "dash");
        var body = await Json.ReadAsync(response);
        return new Uri(viewer.Http.BaseAddress!, body.GetProperty("manifest_url").GetString());
    }

    public void Dispose()
    {
        _users.Dispose();
        _player.Dispose();
    }
}
