using System.Net;
using Streaming.IntegrationTests.Api.Support;

namespace Streaming.IntegrationTests.Api;

/// <summary>The stream_sessions row analytics read: who watched, from where, with what, for how long.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class StreamSessionRecordTests(ApiContractApp app) : IDisposable
{
    private const string Player = "StreamingTestPlayer/1.0 (integration tests)";

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
        await Task.Delay(TimeSpan.FromSeconds(1.6));

        (await viewer.StopAsync(movieId, 1800)).EnsureSuccessStatusCode();

        var session = Assert.Single(await StreamSessionRows.ForAsync(app, viewer.UserId, movieId));
        Assert.NotNull(session.EndedAt);
        Assert.True(session.EndedAt > session.StartedAt);
        var elapsed = (session.EndedAt!.Value - session.StartedAt).TotalSeconds;
        Assert.InRange(session.DurationSeconds!.Value, 1, 10);
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
