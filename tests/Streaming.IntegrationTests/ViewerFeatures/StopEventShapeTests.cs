using System.Text.Json;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.ViewerFeatures;

/// <summary>
/// A session stopped by its player (the API) and one closed by the idle reaper (the worker) publish the same
/// <c>stream.stop</c>: same topic and key, the same fields in the same order with the same kinds of values; only the
/// values and the reason differ. A consumer cannot tell which process wrote the outbox row.
/// </summary>
[Collection(ProgressCollection.Name)]
public sealed class StopEventShapeTests(ProgressApp app) : IDisposable
{
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task A_stop_from_the_api_and_a_close_by_the_idle_reaper_publish_the_same_stream_stop()
    {
        using var events = new KafkaEventCollector(app.KafkaBootstrapServers);
        var movie = await MediaBucket.UploadTitleAsync(app);
        using var stopping = new Viewer(app, await _users.CreateUserAsync());
        using var silent = new Viewer(app, await _users.CreateUserAsync());
        var stopped = await stopping.StartSessionAsync(movie);
        var reaped = await silent.StartSessionAsync(movie);

        using (var stop = await stopping.StopAsync(movie, 17))
        {
            stop.EnsureSuccessStatusCode();
        }
        await SessionTime.PassTimeoutAsync(app, [reaped]);
        var byApi = await StopOfAsync(events, stopping.UserId);
        var byReaper = await StopOfAsync(events, silent.UserId);

        Assert.Equal(Shape(byApi.Payload), Shape(byReaper.Payload));
        Assert.Equal(stopping.UserId.ToString(), byApi.Key);
        Assert.Equal(silent.UserId.ToString(), byReaper.Key);
        Assert.Equal((stopped, "stream_stop", "stopped", 17), (byApi.SessionId, byApi.Action, Reason(byApi), Position(byApi)));
        Assert.Equal((reaped, "stream_stop", "idle_timeout", 0), (byReaper.SessionId, byReaper.Action, Reason(byReaper), Position(byReaper)));
        Assert.All(new[] { byApi, byReaper }, stop =>
        {
            Assert.Equal(movie, stop.Payload.GetProperty("movie_id").GetGuid());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", stop.Payload.GetProperty("timestamp").GetString());
        });
    }

    private static async Task<ReceivedEvent> StopOfAsync(KafkaEventCollector events, Guid userId) =>
        (await events.WaitForAsync(userId, arrived => arrived.Any(e => e.Topic == "stream.stop"), TimeSpan.FromSeconds(90)))
        .Single(e => e.Topic == "stream.stop");

    /// <summary>Each field's name and kind of value, in order.</summary>
    private static List<string> Shape(JsonElement payload) =>
        payload.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}").ToList();

    private static string? Reason(ReceivedEvent stop) => stop.Payload.GetProperty("reason").GetString();

    private static int Position(ReceivedEvent stop) => stop.Payload.GetProperty("position_seconds").GetInt32();

    public void Dispose() => _users.Dispose();
}
