using Npgsql;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.ViewerFeatures;

/// <summary>The worker closes idle sessions, with two replicas reaping at once.</summary>
[Collection(ProgressCollection.Name)]
public sealed class IdleReaperTests(ProgressApp app) : IDisposable
{
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task Two_workers_close_each_idle_session_once_with_one_idle_timeout_stop_event()
    {
        using var events = new KafkaEventCollector(app.KafkaBootstrapServers);
        var movie = await MediaBucket.UploadTitleAsync(app);
        var viewers = new List<Viewer>();
        var sessions = new Dictionary<Guid, Guid>();
        for (var i = 0; i < 12; i++)
        {
            var viewer = new Viewer(app, await _users.CreateUserAsync(plan: "basic"));
            viewers.Add(viewer);
            using var started = await viewer.StartAsync(movie);
            sessions[(await Json.ReadAsync(started)).GetProperty("session_id").GetGuid()] = viewer.UserId;
        }
        // One of them reports progress once: its last sign of life is that report, not its start.
        var reporter = sessions.First(p => p.Value == viewers[0].UserId).Key;
        var seen = await StreamSessionRows.LastSeenAsync(app, reporter);
        (await viewers[0].ReportProgressAsync(movie, 42)).EnsureSuccessStatusCode();
        await SessionTime.WaitForSignOfLifeAsync(app, reporter, seen);
        // Then every one of them stays silent for longer than the idle timeout.
        await SessionTime.PassTimeoutAsync(app, sessions.Keys);

        List<ReceivedEvent> Stops() => events.All().Where(e => e.Topic == "stream.stop" && sessions.ContainsKey(e.SessionId)).ToList();
        await Eventually.ValueAsync(() => Task.FromResult(Stops()), stops => stops.Select(e => e.SessionId).Distinct().Count() == sessions.Count,
            TimeSpan.FromSeconds(90), "every idle session was closed", describe: stops => $"{stops.Count} stops");
        await Task.Delay(ProgressApp.SessionIdleTimeout / 5 * 2); // both reapers get two more rounds: a second close would show now
        var stops = Stops();

        Assert.Equal(sessions.Count, stops.Count);
        Assert.All(stops, stop => Assert.Equal("idle_timeout", stop.Payload.GetProperty("reason").GetString()));
        Assert.Equal(42, stops.Single(s => s.SessionId == sessions.First(p => p.Value == viewers[0].UserId).Key).Payload.GetProperty("position_seconds").GetInt32());

        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT count(*) FROM stream_sessions WHERE id = ANY($1) AND ended_at = last_seen_at AND ended_at >= started_at AND duration_seconds = round(extract(epoch FROM ended_at - started_at))",
            connection) { Parameters = { new() { Value = sessions.Keys.ToArray() } } };
        Assert.Equal((long)sessions.Count, (long)(await select.ExecuteScalarAsync())!);
        await using var reported = new NpgsqlCommand("SELECT last_seen_at > started_at FROM stream_sessions WHERE user_id = $1", connection)
        {
            Parameters = { new() { Value = viewers[0].UserId } },
        };
        Assert.True((bool)(await reported.ExecuteScalarAsync())!);
        viewers.ForEach(v => v.Dispose());
    }

    public void Dispose() => _users.Dispose();
}
