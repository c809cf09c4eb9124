using System.Net;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.ViewerFeatures;

/// <summary>A session the idle reaper closed can no longer play, and its player is told why.</summary>
[Collection(ProgressCollection.Name)]
public sealed class IdleRevocationTests(ProgressApp app) : IDisposable
{
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task A_reaped_sessions_credential_is_refused_and_its_progress_answers_409_idle_timeout()
    {
        var movie = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        using var started = await viewer.StartAsync(movie);
        var body = await Json.ReadAsync(started);
        var session = body.GetProperty("session_id").GetGuid();
        var credential = PlaybackCredentials.Of(body.GetProperty("manifest_url").GetString()!);

        // Age the session instead of waiting out the idle timeout.
        await SessionTime.PassTimeoutAsync(app, [session]);

        await Eventually.TrueAsync(async () =>
        {
            using var answer = await PlaybackCredentials.AuthorizeAsync(app, PlaybackCredentials.EdgeUri(credential, movie));
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                return false;
            }
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Equal("idle_timeout", PlaybackCredentials.DeniedReason(answer));
            return true;
        }, "the idle session is revoked");
        using var progress = await viewer.ReportProgressAsync(movie, 10, session);
        var problem = await Problems.AssertProblemAsync(progress, HttpStatusCode.Conflict);
        Assert.Equal("idle_timeout", problem.GetProperty("reason").GetString());
        Assert.Equal("This stream was closed after inactivity.", problem.GetProperty("detail").GetString());
    }

    public void Dispose() => _users.Dispose();
}
