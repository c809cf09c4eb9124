using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Progress;

public sealed record StoredProgress(int PositionSeconds, DateTime LastWatchedAt);

/// <summary>Talks to the progress path as a player (HTTP with a dev token) and looks underneath it (Redis, PostgreSQL).</summary>
public sealed class ProgressDriver : IAsyncDisposable
{
    public const string PersistGroup = "progress-persist";

    private readonly StreamingApp _app;
    private readonly HttpClient _api;
    private readonly HttpClient _users;
    private ConnectionMultiplexer? _redis;
    private string? _databaseConnectionString;

    /// <param name="api">The API resource the player talks to (<see cref="ProgressApp.PacedApi"/> or the default one).</param>
    public ProgressDriver(StreamingApp app, string api = ResourceNames.Api)
    {
        _app = app;
        _api = app.CreateClient(api);
        _users = app.CreateClient(ResourceNames.UserService);
    }

    public async Task<IDatabase> RedisAsync()
    {
        _redis ??= await ConnectionMultiplexer.ConnectAsync(await _app.ConnectionStringAsync(ResourceNames.Redis));
        return _redis.GetDatabase();
    }

    /// <summary>A fresh user with a bearer token.</summary>
    public async Task<Player> NewPlayerAsync()
    {
        var userId = Guid.NewGuid();
        using var response = await _users.PostAsJsonAsync("/dev/token", new { user_id = userId.ToString() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Player(this, userId, body.GetProperty("access_token").GetString()!);
    }

    public async Task<HttpResponseMessage> PostProgressAsync(Player player, Guid movieId, int position, DateTimeOffset? timestamp = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stream/{movieId}/progress")
        {
            Content = JsonContent.Create(timestamp is { } at
                ? new Dictionary<string, object> { ["position_seconds"] = position, ["timestamp"] = at.ToString("O") }
                : new Dictionary<string, object> { ["position_seconds"] = position }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", player.Token);
        return await _api.SendAsync(request);
    }

    /// <summary>Posts an update that must be accepted (200).</summary>
    public async Task<JsonElement> UpdateAsync(Player player, Guid movieId, int position, DateTimeOffset? timestamp = null)
    {
        using var response = await PostProgressAsync(player, movieId, position, timestamp);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST progress answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetProgressAsync(Player player, Guid movieId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream/{movieId}/progress");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", player.Token);
        using var response = await _api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    public static string HotKey(Guid userId, Guid movieId) => ProgressKeys.HotKey(userId, movieId);

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        _databaseConnectionString ??= new NpgsqlConnectionStringBuilder(await _app.ConnectionStringAsync(ResourceNames.Database))
        {
            Pooling = false, // PostgreSQL is restarted by one test; pooled connections would be dead.
            Timeout = 5,
        }.ConnectionString;
        var connection = new NpgsqlConnection(_databaseConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>All watch_progress rows of one user: movie → (position, last watched at).</summary>
    public async Task<Dictionary<Guid, StoredProgress>> RowsAsync(Guid userId)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var select = new NpgsqlCommand(
            "SELECT movie_id, position_seconds, last_watched_at FROM watch_progress WHERE user_id = $1", connection)
        {
            Parameters = { new() { Value = userId } },
        };
        var rows = new Dictionary<Guid, StoredProgress>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // A second row of the same title would be a duplicate: the dictionary refuses it.
            rows.Add(reader.GetGuid(0), new StoredProgress(reader.GetInt32(1), reader.GetDateTime(2)));
        }
        return rows;
    }

    /// <summary>Rows of several users at once, keyed by (user, movie); fails on a duplicate.</summary>
    public async Task<Dictionary<(Guid UserId, Guid MovieId), StoredProgress>> RowsAsync(IReadOnlyCollection<Guid> userIds)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var select = new NpgsqlCommand(
            "SELECT user_id, movie_id, position_seconds, last_watched_at FROM watch_progress WHERE user_id = ANY($1)", connection)
        {
            Parameters = { new() { Value = userIds.ToArray() } },
        };
        var rows = new Dictionary<(Guid, Guid), StoredProgress>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetGuid(0), reader.GetGuid(1)), new StoredProgress(reader.GetInt32(2), reader.GetDateTime(3)));
        }
        return rows;
    }

    /// <summary>Entries of the persist group delivered and not acknowledged, by consumer (every shard).</summary>
    public async Task<Dictionary<string, long>> PendingByConsumerAsync()
    {
        var db = await RedisAsync();
        var pending = await Task.WhenAll(ProgressKeys.Streams.Select(stream => db.StreamPendingAsync(stream, PersistGroup)));
        return pending.SelectMany(shard => shard.Consumers).GroupBy(consumer => (string)consumer.Name!)
            .ToDictionary(consumer => consumer.Key, consumer => consumer.Sum(c => (long)c.PendingMessageCount));
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> new entries of the persist group as <paramref name="consumer"/>, shard by
    /// shard, without acknowledging them (a consumer that then dies).
    /// </summary>
    public async Task<StreamEntry[]> TakeWithoutAcknowledgingAsync(string consumer, int count)
    {
        var db = await RedisAsync();
        var taken = new List<StreamEntry>();
        foreach (var stream in ProgressKeys.Streams)
        {
            if (taken.Count < count)
            {
                taken.AddRange(await db.StreamReadGroupAsync(stream, PersistGroup, consumer, StreamPosition.NewMessages, count - taken.Count));
            }
        }
        return taken.ToArray();
    }

    /// <summary>Deletes the whole buffer (every shard's stream with its groups).</summary>
    public async Task<bool> DeleteBufferAsync()
    {
        var db = await RedisAsync();
        // One key at a time: the shards live in different hash slots (and, on a cluster, on different masters).
        return (await Task.WhenAll(ProgressKeys.Streams.Select(stream => db.KeyDeleteAsync(stream)))).Any(deleted => deleted);
    }

    /// <summary>Waits until the persist group has taken and acknowledged every entry in the buffer (every shard).</summary>
    public async Task WaitUntilDrainedAsync(TimeSpan timeout)
    {
        var db = await RedisAsync();
        await Eventually.TrueAsync(async () =>
        {
            foreach (var stream in ProgressKeys.Streams)
            {
                var groups = await db.StreamGroupInfoAsync(stream);
                var persist = groups.Single(group => group.Name == PersistGroup);
                var last = await db.StreamRangeAsync(stream, "-", "+", count: 1, messageOrder: Order.Descending);
                if (persist.PendingMessageCount != 0
                    || (last.Length > 0 && string.CompareOrdinal(Normalise(persist.LastDeliveredId), Normalise(last[0].Id)) < 0))
                {
                    return false;
                }
            }
            return true;
        }, timeout, "the persist group drains the buffer");
    }

    private static string Normalise(string? id)
    {
        var parts = (id ?? "0-0").Split('-');
        return $"{long.Parse(parts[0]):D20}-{long.Parse(parts[1]):D20}";
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        _users.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

public sealed record Player(ProgressDriver Driver, Guid UserId, string Token);
