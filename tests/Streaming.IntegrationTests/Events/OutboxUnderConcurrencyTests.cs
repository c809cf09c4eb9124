using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Streaming.Core.Events;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Events;

/// <summary>
/// The outbox under concurrency. Outbox sequences are drawn at INSERT, not at commit, so rows commit out of
/// sequence order all the time; two relay replicas (the app's two workers) work at once.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class OutboxUnderConcurrencyTests(EventsApp app) : IAsyncLifetime
{
    private const int Users = 50;
    private const int TitlesPerUser = 2;
    private const int RoundsPerTitle = 2;
    // Local PostgreSQL allows 100 connections and the API's pool as many: an unbounded burst would leave none for
    // the relays and this test (the pool sizing is a deployment matter, not what this test is about).
    private const int RequestsInFlight = 32;

    private KafkaEventCollector _events = null!;

    public async Task InitializeAsync()
    {
        _events = new KafkaEventCollector(app.KafkaBootstrapServers, probeStartLogOnStop: true);
        await _events.WaitUntilAssignedAsync();
        // Another test of the collection may have killed the first worker; the second replica must be relaying.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.App.ResourceNotifications.WaitForResourceAsync(EventsApp.SecondWorker, KnownResourceStates.Running, timeout.Token);
    }

    public Task DisposeAsync()
    {
        _events.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Fifty_users_starting_and_stopping_at_once_through_a_broker_outage_get_each_sessions_start_and_stop_once_start_first()
    {
        var titles = new List<Guid>();
        for (var i = 0; i < TitlesPerUser; i++)
        {
            titles.Add(await app.CreateTitleAsync());
        }
        var clients = await Task.WhenAll(Enumerable.Range(0, Users).Select(_ => app.CreateSubscriberClientAsync()));
        var sessions = new ConcurrentDictionary<Guid, Guid>(); // session id -> user id
        using var inFlight = new SemaphoreSlim(RequestsInFlight);
        async Task<T> Send<T>(Func<Task<T>> request)
        {
            await inFlight.WaitAsync();
            try
            {
                return await request();
            }
            finally
            {
                inFlight.Release();
            }
        }
        // A broker outage a quarter of the way in leaves both relays holding batches; they reconnect at different times.
        var outage = Task.Run(async () =>
        {
            await Eventually.TrueAsync(() => Task.FromResult(sessions.Count >= Users * TitlesPerUser * RoundsPerTitle / 4),
                "a quarter of the sessions have started", every: TimeSpan.FromMilliseconds(20));
            await app.ExecuteAsync(ResourceNames.Kafka, "broker-down");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
            finally
            {
                await app.ExecuteAsync(ResourceNames.Kafka, "broker-up");
            }
        });
        try
        {
            // Every user watches both titles at once, start then stop, twice: 200 sessions, 400 outbox rows, all users at once.
            await Task.WhenAll(clients.SelectMany(client => titles.Select(title => Task.Run(async () =>
            {
                for (var round = 0; round < RoundsPerTitle; round++)
                {
                    sessions[await Send(() => StartAsync(client, title))] = client.UserId();
                    var position = 60 + round;
                    using var stopped = await Send(() => client.PostAsJsonAsync($"/api/v1/stream/{title}/stop", new { position_seconds = position }));
                    Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
                }
            }))));
        }
        finally
        {
            await outage;
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        Assert.Equal(Users * TitlesPerUser * RoundsPerTitle, sessions.Count);

        var users = clients.Select(c => c.UserId().ToString()).ToHashSet();
        List<ReceivedEvent> SessionEvents() =>
            _events.All().Where(e => users.Contains(e.Key) && e.Topic is StreamEvent.StartTopic or StreamEvent.StopTopic).ToList();
        bool Complete(List<ReceivedEvent> events) =>
            sessions.Keys.All(s => events.Any(e => e.Topic == StreamEvent.StartTopic && e.SessionId == s)
                                   && events.Any(e => e.Topic == StreamEvent.StopTopic && e.SessionId == s));

        await Eventually.ValueAsync(() => Task.FromResult(SessionEvents()), Complete, TimeSpan.FromSeconds(120), "every session's start and stop arrived",
            describe: events => $"{events.DistinctBy(e => e.EventId).Count()} distinct events of {2 * sessions.Count}");
        await Task.Delay(TimeSpan.FromSeconds(1)); // anything extra (a second start for a session, say) would show up now
        var received = SessionEvents();

        var problems = new List<string>();
        foreach (var (session, user) in sessions)
        {
            var mine = received.Where(e => e.SessionId == session).ToList();
            var starts = mine.Where(e => e.Topic == StreamEvent.StartTopic).ToList();
            var stops = mine.Where(e => e.Topic == StreamEvent.StopTopic).ToList();
            if (starts.DistinctBy(e => e.EventId).Count() != 1 || stops.DistinctBy(e => e.EventId).Count() != 1)
            {
                problems.Add($"session {session}: {starts.DistinctBy(e => e.EventId).Count()} distinct starts, {stops.DistinctBy(e => e.EventId).Count()} distinct stops");
                continue;
            }
            Assert.All(mine, e => Assert.Equal(user.ToString(), e.Key));
            // The relay sends a user's next event only once the broker acknowledged the previous one: when a stop can be
            // read, its start is already in the log (start and stop are on different topics, so offsets cannot be
            // compared; the end of the start partition, asked once the stop arrived, can). The stop's CreateTime is
            // later too, as both relays share this machine's clock.
            var start = starts.MinBy(e => e.Offset)!;
            var stop = stops.MinBy(e => e.TimestampMs)!;
            long? StartLogEnd(ReceivedEvent copy) => copy.StartLogEnds?.TryGetValue(start.Partition, out var end) == true ? end : null;
            if (stops.Any(copy => !(start.Offset < StartLogEnd(copy))))
            {
                problems.Add($"session {session}: stop readable before its start (start at {start.Partition}@{start.Offset}, start log ends at stop: "
                             + string.Join(", ", stops.Select(copy => StartLogEnd(copy)?.ToString() ?? "unknown")) + ")");
            }
            if (stop.TimestampMs < starts.Min(e => e.TimestampMs))
            {
                problems.Add($"session {session}: stop produced at {stop.TimestampMs} before its start at {starts.Min(e => e.TimestampMs)}");
            }
        }
        Assert.True(problems.Count == 0,
            $"{problems.Count} of {sessions.Count} sessions wrong ({received.DistinctBy(e => e.EventId).Count()} distinct events of {2 * sessions.Count}):\n"
            + string.Join("\n", problems.Take(20)));
        // Nothing but these sessions' events, and a redelivery is the same event: same id, same payload.
        Assert.All(received, e => Assert.Contains(e.SessionId, sessions.Keys));
        Assert.All(received.GroupBy(e => e.EventId), copies => Assert.Single(copies.Select(e => e.Json).Distinct()));

        await AssertOutboxDrainsAsync();
    }

    [Fact]
    public async Task A_lower_sequence_committed_while_the_relay_publishes_higher_ones_is_delivered()
    {
        using var client = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();
        var heldUser = Guid.NewGuid();
        var held = StreamEvent.Start(Guid.NewGuid(), Guid.NewGuid(), heldUser, movie, DateTime.UtcNow);

        await using var writer = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        long heldSequence;
        await using (var insert = new NpgsqlCommand(
                         "INSERT INTO event_outbox (event_id, topic, key, payload, created_at) VALUES ($1, $2, $3, $4, now()) RETURNING sequence",
                         writer, transaction))
        {
            insert.Parameters.AddWithValue(held.EventId);
            insert.Parameters.AddWithValue(StreamEvent.StartTopic);
            insert.Parameters.AddWithValue(held.Key);
            insert.Parameters.AddWithValue(held.ToJson());
            heldSequence = (long)(await insert.ExecuteScalarAsync())!;
        }

        Guid session;
        await app.ExecuteAsync(ResourceNames.Kafka, "broker-down");
        try
        {
            session = await StartAsync(client, movie);
            using (var stopped = await client.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 30 }))
            {
                Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
            }
            Assert.True(await LowestWaitingSequenceAsync(client.UserId()) > heldSequence, "the API's rows must come after the held one");
            // A relay that reads now finds the API's committed rows and is stuck publishing them to the absent broker.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await transaction.CommitAsync(); // the lower sequence commits while that relay transaction is open
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        finally
        {
            await app.ExecuteAsync(ResourceNames.Kafka, "broker-up");
        }

        var events = await _events.WaitForAsync(client.UserId(),
            e => e.Any(x => x.Topic == StreamEvent.StartTopic) && e.Any(x => x.Topic == StreamEvent.StopTopic), TimeSpan.FromSeconds(60));
        Assert.All(events.Where(e => e.Topic != StreamEvent.ProgressTopic), e => Assert.Equal(session, e.SessionId));
        var heldEvents = await _events.WaitForAsync(heldUser, e => e.Count > 0, TimeSpan.FromSeconds(30));
        var delivered = Assert.Single(heldEvents.DistinctBy(e => e.EventId));
        Assert.Equal(StreamEvent.StartTopic, delivered.Topic);
        Assert.Equal(held.ToJson(), delivered.Json);
        await AssertOutboxDrainsAsync();
    }

    private async Task<long?> LowestWaitingSequenceAsync(Guid userId)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT min(sequence) FROM event_outbox WHERE key = $1", connection);
        select.Parameters.AddWithValue(userId.ToString());
        return await select.ExecuteScalarAsync() as long?;
    }

    private async Task AssertOutboxDrainsAsync()
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await Eventually.ValueAsync(async () =>
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM event_outbox", connection);
            return (long)(await count.ExecuteScalarAsync())!;
        }, waiting => waiting == 0, "the outbox is empty (the value: rows still waiting)");
    }

    private static async Task<Guid> StartAsync(HttpClient client, Guid movie)
    {
        using var started = await client.PostAsJsonAsync($"/api/v1/stream/{movie}", new { manifest_type = "hls" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session_id").GetGuid();
    }
}
