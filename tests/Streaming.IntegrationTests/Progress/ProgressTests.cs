using System.Net;
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Progress;

/// <summary>
/// Progress is acknowledged after one Redis round trip, drained into PostgreSQL by the workers, and never
/// lost, reordered or duplicated on the way, whatever stops or crashes in between.
/// </summary>
[Collection(ProgressCollection.Name)]
public class ProgressTests(ProgressApp app) : IAsyncLifetime
{
    private static readonly TimeSpan DrainTimeout = Eventually.Generous;
    private readonly ProgressDriver _driver = new(app);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _driver.DisposeAsync();

    [Fact]
    public async Task An_older_update_does_not_overwrite_newer_progress_in_redis_or_postgres()
    {
        var player = await _driver.NewPlayerAsync();
        var movie = await app.CreateTitleAsync();
        var newer = TruncateToMilliseconds(DateTimeOffset.UtcNow.AddSeconds(-10));

        await _driver.UpdateAsync(player, movie, 600, newer);
        var late = await _driver.UpdateAsync(player, movie, 120, newer.AddMinutes(-1));
        Assert.Contains("ignored", late.GetProperty("message").GetString());

        var hot = await (await _driver.RedisAsync()).HashGetAsync(ProgressDriver.HotKey(player.UserId, movie), ["p", "t"]);
        Assert.Equal(600, (int)hot[0]);
        Assert.Equal(newer.ToUnixTimeMilliseconds(), (long)hot[1]);
        var (status, body) = await _driver.GetProgressAsync(player, movie);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(600, body.GetProperty("position_seconds").GetInt32());

        await Eventually.TrueAsync(async () => (await _driver.RowsAsync(player.UserId)).ContainsKey(movie), DrainTimeout, "the update is persisted");
        await _driver.WaitUntilDrainedAsync(DrainTimeout);
        var row = Assert.Single(await _driver.RowsAsync(player.UserId)).Value;
        Assert.Equal(600, row.PositionSeconds);
        Assert.Equal(newer.UtcDateTime, row.LastWatchedAt);
    }

    [Fact]
    public async Task An_older_update_arriving_after_the_hot_copy_expired_leaves_postgres_and_reads_at_the_newer_progress()
    {
        var player = await _driver.NewPlayerAsync();
        var movie = await app.CreateTitleAsync();
        var newer = TruncateToMilliseconds(DateTimeOffset.UtcNow.AddSeconds(-5));
        await _driver.UpdateAsync(player, movie, 900, newer);
        await Eventually.TrueAsync(async () => (await _driver.RowsAsync(player.UserId)).ContainsKey(movie), DrainTimeout, "the newer update is persisted");

        // The hot copy is gone (its TTL ran out; deleting it is the same thing, sooner): nothing in Redis says 900
        // is newer, so the older update is accepted into the hot copy and the buffer.
        var redis = await _driver.RedisAsync();
        Assert.True(await redis.KeyDeleteAsync(ProgressDriver.HotKey(player.UserId, movie)));
        await _driver.UpdateAsync(player, movie, 30, newer.AddHours(-2));

        await _driver.WaitUntilDrainedAsync(DrainTimeout);
        var row = Assert.Single(await _driver.RowsAsync(player.UserId)).Value;
        Assert.Equal(900, row.PositionSeconds);
        Assert.Equal(newer.UtcDateTime, row.LastWatchedAt);
        // The worker removes the hot copy it could not persist, so readers fall back to the newer row.
        await Eventually.TrueAsync(async () =>
        {
            var (status, body) = await _driver.GetProgressAsync(player, movie);
            return status == HttpStatusCode.OK && body.GetProperty("position_seconds").GetInt32() == 900;
        }, DrainTimeout, "GET progress answers the newer position");
    }

    [Fact]
    public async Task Several_updates_of_one_title_end_as_one_row_with_the_newest_position()
    {
        var player = await _driver.NewPlayerAsync();
        var movie = await app.CreateTitleAsync();
        var otherMovie = await app.CreateTitleAsync();
        var start = TruncateToMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-1));
        // Five is the rate limit per window; sent back to back, they land in the buffer together.
        await Task.WhenAll(Enumerable.Range(1, 5).Select(i => _driver.UpdateAsync(player, movie, i * 10, start.AddSeconds(i))));
        await _driver.UpdateAsync(player, otherMovie, 77, start);

        await Eventually.TrueAsync(async () => (await _driver.RowsAsync(player.UserId)).Count == 2, DrainTimeout, "both titles are persisted");
        await _driver.WaitUntilDrainedAsync(DrainTimeout);
        var rows = await _driver.RowsAsync(player.UserId);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new StoredProgress(50, start.AddSeconds(5).UtcDateTime), rows[movie]);
        Assert.Equal(new StoredProgress(77, start.UtcDateTime), rows[otherMovie]);
    }

    [Fact]
    public async Task When_the_hot_copy_expires_reads_fall_back_to_postgres()
    {
        var player = await _driver.NewPlayerAsync();
        var movie = await app.CreateTitleAsync();
        var at = TruncateToMilliseconds(DateTimeOffset.UtcNow.AddSeconds(-1));
        await _driver.UpdateAsync(player, movie, 1234, at);

        var redis = await _driver.RedisAsync();
        var key = ProgressDriver.HotKey(player.UserId, movie);
        var ttl = await redis.KeyTimeToLiveAsync(key);
        if (ttl is { } left)
        {
            Assert.InRange(left, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(ProgressApp.HotCopyTtlSeconds));
        }
        else
        {
            // No TTL: either the key has none (a hot copy kept for ever) or a slow machine took longer than the TTL.
            Assert.False(await redis.KeyExistsAsync(key), "The hot copy has no TTL.");
        }

        await Eventually.TrueAsync(async () => !await redis.KeyExistsAsync(key), "the hot copy expires");
        await Eventually.TrueAsync(async () => (await _driver.RowsAsync(player.UserId)).ContainsKey(movie), DrainTimeout, "the update is persisted");

        var (status, body) = await _driver.GetProgressAsync(player, movie);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1234, body.GetProperty("position_seconds").GetInt32());
        Assert.Equal(at.UtcDateTime, body.GetProperty("last_watched_at").GetDateTimeOffset().UtcDateTime);
        Assert.False(await redis.KeyExistsAsync(key)); // read from PostgreSQL, not from a hot copy
        var (missing, _) = await _driver.GetProgressAsync(player, Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task Updates_sent_while_the_workers_are_stopped_are_all_persisted_after_they_start_including_entries_a_crashed_consumer_took()
    {
        await ResourceControl.EnsureRunningAsync(app.App, ProgressApp.Workers);
        var players = await NewPlayersAsync(12);
        var movie = await app.CreateTitleAsync();
        foreach (var worker in ProgressApp.Workers)
        {
            await ResourceControl.StopAsync(app.App, worker);
        }
        try
        {
            var expected = await SendOneUpdateEachAsync(players, movie, 100);
            var redis = await _driver.RedisAsync();
            // A consumer takes the oldest half and dies before acknowledging (it never comes back).
            var taken = await _driver.TakeWithoutAcknowledgingAsync("crashed-consumer", count: players.Count / 2);
            Assert.Equal(players.Count / 2, taken.Length);
            Assert.Empty(await _driver.RowsAsync(players.Select(p => p.UserId).ToArray()));

            await Task.WhenAll(ProgressApp.Workers.Select(worker => ResourceControl.StartAsync(app.App, worker)));
            await AssertPersistedAsync(expected, DrainTimeout);
            await Eventually.TrueAsync(async () => !(await _driver.PendingByConsumerAsync()).ContainsKey("crashed-consumer"),
                DrainTimeout, "the crashed consumer's entries are taken over and acknowledged");
        }
        finally
        {
            await ResourceControl.EnsureRunningAsync(app.App, ProgressApp.Workers);
        }
    }

    [Fact]
    public async Task A_worker_killed_between_taking_a_batch_and_acknowledging_it_loses_and_duplicates_nothing()
    {
        await ResourceControl.EnsureRunningAsync(app.App, ProgressApp.Workers);
        var players = await NewPlayersAsync(8);
        var movie = await app.CreateTitleAsync();
        var killed = new List<string>();
        try
        {
            Dictionary<(Guid, Guid), int> expected;
            await using (var blocker = await LockWatchProgressAsync())
            {
                expected = await SendOneUpdateEachAsync(players, movie, 200);
                // A worker took a batch and is stuck in the upsert: its entries are pending, not acknowledged.
                Dictionary<string, long> holders = [];
                await Eventually.TrueAsync(async () =>
                {
                    holders = (await _driver.PendingByConsumerAsync()).Where(h => h.Value > 0).ToDictionary();
                    return holders.Count > 0;
                }, DrainTimeout, "a worker holds a batch");

                var killedProcesses = await ResourceControl.KillWorkersHoldingAsync(holders.Keys);
                await Eventually.TrueAsync(() =>
                {
                    killed = ProgressApp.Workers.Where(worker => ResourceControl.IsStopped(app.App, worker)).ToList();
                    return Task.FromResult(killed.Count == killedProcesses);
                }, DrainTimeout, "the killed workers are seen as stopped");
                Assert.NotEmpty(killed);
                await blocker.RollbackAsync();
            }

            foreach (var worker in killed)
            {
                await ResourceControl.StartAsync(app.App, worker);
            }
            await AssertPersistedAsync(expected, DrainTimeout);
            await Eventually.TrueAsync(async () => (await _driver.PendingByConsumerAsync()).Count == 0, DrainTimeout, "nothing is left pending");
        }
        finally
        {
            await ResourceControl.EnsureRunningAsync(app.App, ProgressApp.Workers);
        }
    }

    [Fact]
    public async Task While_postgres_is_stopped_the_api_keeps_accepting_and_every_update_is_persisted_after_it_restarts()
    {
        var players = await NewPlayersAsync(9);
        var movie = await app.CreateTitleAsync();
        var before = await SendOneUpdateEachAsync(players[..3], movie, 10);
        await ResourceControl.StopAsync(app.App, ResourceNames.Postgres);
        Dictionary<(Guid, Guid), int> during;
        try
        {
            during = await SendOneUpdateEachAsync(players[3..6], movie, 20);
        }
        finally
        {
            await ResourceControl.StartAsync(app.App, ResourceNames.Postgres);
        }
        var after = await SendOneUpdateEachAsync(players[6..], movie, 30);

        await AssertPersistedAsync(before.Concat(during).Concat(after).ToDictionary(), TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task Two_workers_share_the_buffer_and_persist_each_update_once()
    {
        await ResourceControl.EnsureRunningAsync(app.App, ProgressApp.Workers);
        var movie = await app.CreateTitleAsync();
        var expected = new Dictionary<(Guid, Guid), int>();
        await using (var blocker = await LockWatchProgressAsync())
        {
            // Each worker takes what it reads and then waits on the locked table, holding it. One worker can read a
            // whole burst first; the next entries of the shards it holds can only go to the other one, so rounds of
            // updates go on until both workers hold entries at the same time.
            var workerPids = new HashSet<int>();
            await Eventually.TrueAsync(async () =>
            {
                var round = await SendOneUpdateEachAsync(await NewPlayersAsync(4 * ProgressApp.BatchSize), movie, 300 + expected.Count);
                foreach (var (key, position) in round)
                {
                    expected[key] = position;
                }
                await Task.Delay(TimeSpan.FromSeconds(1));
                var holders = await _driver.PendingByConsumerAsync();
                workerPids = holders.Where(h => h.Value > 0).Select(h => ResourceControl.WorkerProcessOf(h.Key).Id).ToHashSet();
                return workerPids.Count == 2;
            }, DrainTimeout, "both workers hold a batch");
            await blocker.RollbackAsync();
        }

        await AssertPersistedAsync(expected, DrainTimeout);
        await Eventually.TrueAsync(async () => (await _driver.PendingByConsumerAsync()).Count == 0, DrainTimeout, "nothing is left pending");
    }

    [Fact]
    public async Task When_redis_loses_the_buffer_and_its_groups_the_workers_create_them_again_and_keep_persisting()
    {
        await ResourceControl.EnsureRunningAsync(app.App, ProgressApp.Workers);
        await _driver.WaitUntilDrainedAsync(DrainTimeout);
        var redis = await _driver.RedisAsync();
        // What a Redis restart without its append-only file (or a failover to an empty replica) leaves behind.
        Assert.True(await _driver.DeleteBufferAsync());

        var players = await NewPlayersAsync(3);
        var expected = await SendOneUpdateEachAsync(players, await app.CreateTitleAsync(), 400);
        await AssertPersistedAsync(expected, DrainTimeout);
        // Every shard's consumers recreate their group, also those of shards that got no update since.
        await Eventually.TrueAsync(async () =>
        {
            foreach (var stream in ProgressKeys.Streams)
            {
                if (!await redis.KeyExistsAsync(stream)
                    || !(await redis.StreamGroupInfoAsync(stream)).Any(group => group.Name == ProgressDriver.PersistGroup))
                {
                    return false;
                }
            }
            return true;
        }, DrainTimeout, "every shard has its persist group again");
    }

    [Fact]
    public async Task The_sixth_update_of_a_title_within_the_window_gets_429_with_retry_after_and_other_titles_are_not_limited()
    {
        var player = await _driver.NewPlayerAsync();
        var movie = await app.CreateTitleAsync();
        for (var i = 1; i <= 5; i++)
        {
            await _driver.UpdateAsync(player, movie, i);
        }

        using var limited = await _driver.PostProgressAsync(player, movie, 6);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retryAfter = Assert.Single(limited.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, ProgressApp.HotCopyTtlSeconds);
        var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());

        await _driver.UpdateAsync(player, await app.CreateTitleAsync(), 6);
        var otherPlayer = await _driver.NewPlayerAsync();
        await _driver.UpdateAsync(otherPlayer, movie, 6);

        // The refused update changed nothing.
        var (_, body) = await _driver.GetProgressAsync(player, movie);
        Assert.Equal(5, body.GetProperty("position_seconds").GetInt32());
    }

    private async Task<List<Player>> NewPlayersAsync(int count) =>
        (await Task.WhenAll(Enumerable.Range(0, count).Select(_ => _driver.NewPlayerAsync()))).ToList();

    /// <summary>One update per player, each with its own position; returns what must end up in the table.</summary>
    private async Task<Dictionary<(Guid, Guid), int>> SendOneUpdateEachAsync(IReadOnlyList<Player> players, Guid movie, int basePosition)
    {
        var expected = new Dictionary<(Guid, Guid), int>();
        for (var i = 0; i < players.Count; i++)
        {
            await _driver.UpdateAsync(players[i], movie, basePosition + i);
            expected[(players[i].UserId, movie)] = basePosition + i;
        }
        return expected;
    }

    private async Task AssertPersistedAsync(Dictionary<(Guid, Guid), int> expected, TimeSpan timeout)
    {
        var users = expected.Keys.Select(key => key.Item1).Distinct().ToArray();
        Dictionary<(Guid, Guid), StoredProgress> rows = [];
        await Eventually.TrueAsync(async () =>
        {
            rows = await _driver.RowsAsync(users);
            return rows.Count >= expected.Count;
        }, timeout, $"all {expected.Count} updates are persisted");
        Assert.Equal(expected.Count, rows.Count);
        foreach (var (key, position) in expected)
        {
            Assert.Equal(position, rows[key].PositionSeconds);
        }
    }

    /// <summary>
    /// Holds a lock that blocks the workers' upsert (not reads) until rolled back or disposed: a worker that takes a
    /// batch then waits inside the statement, between take and acknowledge.
    /// </summary>
    private async Task<NpgsqlTransactionScope> LockWatchProgressAsync()
    {
        var connection = await _driver.OpenDatabaseAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE watch_progress IN EXCLUSIVE MODE", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        return new NpgsqlTransactionScope(connection, transaction);
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}

public sealed class NpgsqlTransactionScope(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    private bool _completed;

    public async Task RollbackAsync()
    {
        if (!_completed)
        {
            _completed = true;
            await transaction.RollbackAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
