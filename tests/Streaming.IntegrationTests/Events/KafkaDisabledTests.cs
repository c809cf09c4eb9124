using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Outages;

namespace Streaming.IntegrationTests.Events;

/// <summary>ENABLE_KAFKA=false, the original spec's flag: streaming works and nothing is published.</summary>
[Collection(OutageCollection.Name)]
public sealed class KafkaDisabledTests(OutageApp app)
{
    [Fact]
    public async Task Health_says_disabled_and_streams_publish_nothing()
    {
        using var api = app.CreateClient();
        using var healthResponse = await api.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, healthResponse.StatusCode);
        Assert.Equal("disabled", (await healthResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kafka").GetString());

        using var events = new KafkaEventCollector(app.KafkaBootstrapServers);
        using var client = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/stream/{movie}", new { manifest_type = "hls" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/stream/{movie}/progress", new { position_seconds = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 9 })).StatusCode);

        // Progress still reaches PostgreSQL; that is how we know the worker has been through the buffer. The progress
        // and the stop's final position may be persisted in separate batches: wait for the final one.
        await using var db = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await db.OpenAsync();
        await Eventually.ValueAsync(async () =>
        {
            await using var read = new NpgsqlCommand($"SELECT position_seconds FROM watch_progress WHERE user_id = '{client.UserId()}'", db);
            return await read.ExecuteScalarAsync();
        }, position => position is 9, "the stop's final position (9) is in PostgreSQL");

        await using var outbox = new NpgsqlCommand("SELECT count(*) FROM event_outbox", db);
        Assert.Equal(0L, await outbox.ExecuteScalarAsync());
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(events.For(client.UserId()));
    }
}
