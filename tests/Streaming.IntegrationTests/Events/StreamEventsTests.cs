using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Events;

/// <summary>What downstream consumers read from Kafka, through failures of the broker and the relay.</summary>
[Collection(EventsCollection.Name)]
public partial class StreamEventsTests(EventsApp app) : IDisposable
{
    private readonly KafkaEventCollector _events = new(app.KafkaBootstrapServers);

    public void Dispose() => _events.Dispose();

    [Fact]
    public async Task Start_progress_and_stop_publish_the_spec_events_keyed_by_user()
    {
        using var client = await app.CreateSubscriberClientAsync();
        var user = client.UserId();
        var movie = await app.CreateTitleAsync();

        var sessionId = await StartAsync(client, movie);
        (await client.PostAsJsonAsync($"/api/v1/stream/{movie}/progress", new { position_seconds = 120 })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 1800 })).EnsureSuccessStatusCode();

        var events = await _events.WaitForAsync(user, e => e.Count >= 4, TimeSpan.FromSeconds(30));
        await Task.Delay(500); // anything extra (a duplicate stop, say) would show up now
        events = _events.For(user);

        var start = Assert.Single(events, e => e.Topic == "stream.start");
        AssertEvent(start, ["event_id", "session_id", "user_id", "movie_id", "action", "timestamp"], user, movie, sessionId, "stream_start", null);
        var progress = events.Where(e => e.Topic == "stream.progress").ToList();
        Assert.Equal(2, progress.Count); // the update, and the final position of the stop
        AssertEvent(progress[0], ["event_id", "session_id", "user_id", "movie_id", "action", "position_seconds", "timestamp"], user, movie, sessionId, "progress_update", 120);
        AssertEvent(progress[1], ["event_id", "session_id", "user_id", "movie_id", "action", "position_seconds", "timestamp"], user, movie, sessionId, "progress_update", 1800);
        var stop = Assert.Single(events, e => e.Topic == "stream.stop");
        AssertEvent(stop, ["event_id", "session_id", "user_id", "movie_id", "action", "position_seconds", "timestamp", "reason"], user, movie, sessionId, "stream_stop", 1800);
        Assert.Equal("stopped", stop.Payload.GetProperty("reason").GetString());
        Assert.Equal(4, events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task A_broker_outage_delays_events_but_loses_none_and_keeps_each_users_order()
    {
        var users = new List<(HttpClient Client, Guid Movie)>();
        for (var i = 0; i < 3; i++)
        {
            users.Add((await app.CreateSubscriberClientAsync(), await app.CreateTitleAsync()));
        }

        await app.ExecuteAsync(ResourceNames.Kafka, "broker-down");
        try
        {
            foreach (var (client, movie) in users)
            {
                await StartAsync(client, movie);
                for (var position = 10; position <= 30; position += 10)
                {
                    (await client.PostAsJsonAsync($"/api/v1/stream/{movie}/progress", new { position_seconds = position })).EnsureSuccessStatusCode();
                }
                (await client.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 40 })).EnsureSuccessStatusCode();
            }
            using var api = app.CreateClient();
            // /health answers from the last background run: the outage shows within one interval plus the check's timeout.
            await Eventually.TrueAsync(async () => (await api.GetFromJsonAsync<JsonElement>("/health")).GetProperty("kafka").GetString() == "error",
                HealthReports.MaxAge, "/health reports the broker down");
        }
        finally
        {
            await app.ExecuteAsync(ResourceNames.Kafka, "broker-up");
        }

        foreach (var (client, _) in users)
        {
            var events = await _events.WaitForAsync(client.UserId(), e => Distinct(e).Count >= 6, TimeSpan.FromSeconds(90));
            var distinct = Distinct(events);
            Assert.Equal(["stream_start"], distinct.Where(e => e.Topic == "stream.start").Select(e => e.Action));
            var progress = distinct.Where(e => e.Topic == "stream.progress").ToList();
            Assert.True(progress.Select(e => e.Payload.GetProperty("position_seconds").GetInt32()).SequenceEqual([10, 20, 30, 40]),
                "Progress events out of order:\n" + string.Join("\n", events.Where(e => e.Topic == "stream.progress").Select(e => $"p{e.Partition}@{e.Offset} {e.Json}")));
            Assert.Equal(["stream_stop"], distinct.Where(e => e.Topic == "stream.stop").Select(e => e.Action));
            // A redelivery is the same event: same id, same payload.
            foreach (var duplicates in events.GroupBy(e => e.EventId).Where(g => g.Count() > 1))
            {
                Assert.Single(duplicates.Select(e => e.Json).Distinct());
            }
        }
    }

    [Fact]
    public async Task Killing_the_relay_mid_way_loses_no_event()
    {
        using var client = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();

        await app.ExecuteAsync(ResourceNames.Kafka, "broker-down");
        try
        {
            await StartAsync(client, movie);
            (await client.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 60 })).EnsureSuccessStatusCode();
            // The relay now holds the events in an open transaction, waiting for the broker: kill it there.
            await Task.Delay(TimeSpan.FromSeconds(1));
            await app.KillAsync(ResourceNames.ProgressWorker);
        }
        finally
        {
            await app.ExecuteAsync(ResourceNames.Kafka, "broker-up");
        }
        // Another replica takes over (DCP cannot restart a process it did not stop itself).
        await ResourceControl.StartAsync(app.App, EventsApp.StandbyWorker);

        var events = await _events.WaitForAsync(client.UserId(),
            e => e.Any(x => x.Topic == "stream.start") && e.Any(x => x.Topic == "stream.stop") && e.Any(x => x.Topic == "stream.progress"),
            TimeSpan.FromSeconds(60));
        Assert.Single(Distinct(events), e => e.Topic == "stream.start");
        Assert.Single(Distinct(events), e => e.Topic == "stream.stop");
    }

    private static List<ReceivedEvent> Distinct(IReadOnlyList<ReceivedEvent> events) =>
        events.DistinctBy(e => e.EventId).ToList();

    private static async Task<Guid> StartAsync(HttpClient client, Guid movie)
    {
        using var started = await client.PostAsJsonAsync($"/api/v1/stream/{movie}", new { manifest_type = "hls" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session_id").GetGuid();
    }

    private static void AssertEvent(ReceivedEvent received, string[] fields, Guid user, Guid movie, Guid session, string action, int? position)
    {
        var payload = received.Payload;
        Assert.Equal(fields, payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal(user.ToString(), received.Key);
        Assert.True(Guid.TryParse(payload.GetProperty("event_id").GetString(), out _));
        Assert.Equal(session, payload.GetProperty("session_id").GetGuid());
        Assert.Equal(user, payload.GetProperty("user_id").GetGuid());
        Assert.Equal(movie, payload.GetProperty("movie_id").GetGuid());
        Assert.Equal(action, payload.GetProperty("action").GetString());
        if (position is not null)
        {
            Assert.Equal(position, payload.GetProperty("position_seconds").GetInt32());
        }
        Assert.Matches(IsoUtcTimestamp(), payload.GetProperty("timestamp").GetString());
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoUtcTimestamp();
}
