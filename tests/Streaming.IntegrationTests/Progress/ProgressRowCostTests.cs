using System.Net.Http.Json;
using Npgsql;
using Streaming.IntegrationTests.Api;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Progress;

/// <summary>
/// A progress row is cheap to insert: its id is time-ordered, so inserts append to the primary key's last page.
/// </summary>
[Collection(ApiContractCollection.Name)]
public sealed class ProgressRowCostTests(ApiContractApp app)
{
    [Fact]
    public async Task The_worker_stores_a_time_ordered_id()
    {
        using var client = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();
        (await client.PostAsJsonAsync($"/api/v1/stream/{movie}/progress", new { position_seconds = 30 })).EnsureSuccessStatusCode();

        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        Guid? id = null;
        await Eventually.TrueAsync(async () =>
        {
            await using var select = new NpgsqlCommand("SELECT id FROM watch_progress WHERE user_id = $1 AND movie_id = $2", connection);
            select.Parameters.Add(new() { Value = client.UserId() });
            select.Parameters.Add(new() { Value = movie });
            id = await select.ExecuteScalarAsync() as Guid?;
            return id is not null;
        }, TimeSpan.FromSeconds(60), "the position reaches PostgreSQL");
        Assert.Equal(7, id!.Value.Version);
        // Its first 48 bits are the Unix milliseconds of the write: within the last minutes.
        var millis = Convert.ToInt64(id.Value.ToString("N")[..12], 16);
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(millis), DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}
