using System.Net;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>The stream_sessions row analytics read: who watched, from where, with what, for how long.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class StreamSessionRecordTests(ApiContractApp app) : IDisposable
{
    private const string Player = "StreamingTestPlayer/1.0 (integration tests)";
    private static readonly TimeSpan Watched = TimeSpan.FromSeconds(90);

    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task A_started_session_records_the_user_agent_and_the_client_ip()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        viewer.Http.DefaultRequestHeaders.UserAgent.ParseAdd(Player);

        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        var session = Assert.Single(await StreamSessionRows.ForAsync(app, viewer.UserId, movieId));
        Assert.Equal(Player, session.UserAgent);
        Assert.True(IPAddress.TryParse(session.IpAddress, out var ip) && IPAddress.IsLoopback(ip), $"Recorded IP: {session.IpAddress}");
        Assert.Null(session.EndedAt);
        Assert.Null(session.DurationSeconds);
    }

    [Fact]
    public async Task A_stopped_session_records_when_it_ended_and_how_long_it_lasted()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();
        // Watched for a minute and a half: the session is aged in PostgreSQL rather than waited for.
        await StreamSessionRows.AgeAsync(app, viewer.UserId, movieId, Watched);

        (await viewer.StopAsync(movieId, 1800)).EnsureSuccessStatusCode();

        var session = Assert.Single(await StreamSessionRows.ForAsync(app, viewer.UserId, movieId));
        Assert.NotNull(session.EndedAt);
        Assert.True(session.EndedAt > session.StartedAt);
        var elapsed = (session.EndedAt!.Value - session.StartedAt).TotalSeconds;
        // At least what it was aged by, plus however long the machine took between the start and the stop.
        Assert.InRange(session.DurationSeconds!.Value, (int)Watched.TotalSeconds, (int)(Watched + Eventually.Generous).TotalSeconds);
        Assert.Equal(Math.Round(elapsed), session.DurationSeconds.Value, tolerance: 1);
    }

    [Fact]
    public async Task X_forwarded_for_from_an_untrusted_client_is_ignored()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        viewer.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        var session = Assert.Single(await StreamSessionRows.ForAsync(app, viewer.UserId, movieId));
        Assert.NotEqual("203.0.113.7", session.IpAddress);
        Assert.True(IPAddress.TryParse(session.IpAddress, out var ip) && IPAddress.IsLoopback(ip), $"Recorded IP: {session.IpAddress}");
    }

    public void Dispose() => _users.Dispose();
}
