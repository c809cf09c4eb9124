using System.Net;
using System.Net.Http.Json;
using Npgsql;
using StackExchange.Redis;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Events;

/// <summary>Progress and stop for a movie id that is no title answer 404 and leave no row, key or event.</summary>
[Collection(EventsCollection.Name)]
public sealed class UnknownTitleTests(EventsApp app) : IDisposable
{
    private readonly KafkaEventCollector _events = new(app.KafkaBootstrapServers);

    public void Dispose() => _events.Dispose();

    [Fact]
    public async Task Progress_and_stop_for_a_title_that_does_not_exist_are_404_and_leave_no_row_key_or_event()
    {
        using var client = await app.CreateSubscriberClientAsync();
        var user = client.UserId();
        var unknown = Guid.NewGuid();
        var real = await app.CreateTitleAsync();

        // Twice each: the second answer comes from the cached "no such title".
        for (var i = 0; i < 2; i++)
        {
            using var progress = await client.PostAsJsonAsync($"/api/v1/stream/{unknown}/progress", new { position_seconds = 120 });
            var problem = await Problems.AssertProblemAsync(progress, HttpStatusCode.NotFound);
            Assert.Contains(unknown.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            using var stop = await client.PostAsJsonAsync($"/api/v1/stream/{unknown}/stop", new { position_seconds = 130 });
            await Problems.AssertProblemAsync(stop, HttpStatusCode.NotFound);
        }
        // A control: the same user's progress for a real title does produce its event, and after it nothing else came.
        (await client.PostAsJsonAsync($"/api/v1/stream/{real}/progress", new { position_seconds = 5 })).EnsureSuccessStatusCode();
        await _events.WaitForAsync(user, events => events.Any(e => e.Json.Contains(real.ToString(), StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(_events.For(user), e => e.Json.Contains(unknown.ToString(), StringComparison.Ordinal));
        Assert.Equal(0, await CountRowsAsync("SELECT count(*) FROM stream_sessions WHERE movie_id = $1", unknown));
        Assert.Equal(0, await CountRowsAsync("SELECT count(*) FROM watch_progress WHERE movie_id = $1", unknown));
        Assert.Equal(0, await CountRowsAsync("SELECT count(*) FROM event_outbox WHERE payload LIKE '%' || $1::text || '%'", unknown));
        Assert.Equal(1, await CountRowsAsync("SELECT count(*) FROM watch_progress WHERE movie_id = $1", real, wait: true));

        await using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(ResourceNames.Redis));
        var server = redis.GetServers().Single();
        Assert.Empty(server.Keys(pattern: $"*{unknown:N}*").ToList());
        Assert.NotEmpty(server.Keys(pattern: $"*{real:N}*").ToList());
        var buffered = await ProgressKeys.BufferEntriesAsync(redis.GetDatabase());
        Assert.DoesNotContain(buffered, entry => entry.Values.Any(field => field.Value == unknown.ToString()));
    }

    private async Task<long> CountRowsAsync(string sql, Guid movieId, bool wait = false)
    {
        async Task<long> Count()
        {
            await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = movieId } } };
            return (long)(await count.ExecuteScalarAsync())!;
        }
        return wait ? await Eventually.ValueAsync(Count, rows => rows > 0, $"a row for {movieId}: {sql}") : await Count();
    }
}
