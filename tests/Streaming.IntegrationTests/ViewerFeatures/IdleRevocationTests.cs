using System.Net;
using Npgsql;
using Streaming.IntegrationTests.Api.Support;
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

        // Age the session instead of waiting: its last sign of life an hour ago.
        await using (var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database)))
        {
            await connection.OpenAsync();
            await using var age = new NpgsqlCommand("UPDATE stream_sessions SET last_seen_at = now() - interval '1 hour', started_at = now() - interval '2 hours' WHERE id = $1", connection)
            {
                Parameters = { new() { Value = session } },
            };
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var answer = await PlaybackCredentials.AuthorizeAsync(app, PlaybackCredentials.EdgeUri(credential, movie));
            if (answer.StatusCode == HttpStatusCode.Forbidden)
            {
                Assert.Equal("idle_timeout", PlaybackCredentials.DeniedReason(answer));
                break;
            }
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "The idle session was never revoked.");
            await Task.Delay(250);
        }
        using var progress = await viewer.ReportProgressAsync(movie, 10, session);
        var problem = await Problems.AssertProblemAsync(progress, HttpStatusCode.Conflict);
        Assert.Equal("idle_timeout", problem.GetProperty("reason").GetString());
        Assert.Equal("This stream was closed after inactivity.", problem.GetProperty("detail").GetString());
    }

    public void Dispose() => _users.Dispose();
}
