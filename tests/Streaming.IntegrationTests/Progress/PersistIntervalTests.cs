using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
using Streaming.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Streaming.IntegrationTests.Progress;

/// <summary>
/// PostgreSQL gets each user's title at most once per PROGRESS_PERSIST_INTERVAL (and always on stop), the
/// newest position still arrives about one interval after the last update, and a killed worker loses nothing. Runs
/// against <see cref="ProgressApp.PacedApi"/> (interval 2 s).
/// </summary>
[Collection(ProgressCollection.Name)]
public class PersistIntervalTests(ProgressApp app, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(ProgressApp.PersistIntervalSeconds);
    // The flusher runs every second; waits are generous (they only bound a failing test), never a window to meet.
    private static readonly TimeSpan Slack = Eventually.Generous;
    private readonly ProgressDriver _driver = new(app, ProgressApp.PacedApi);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _driver.DisposeAsync();

    [Fact]
    public async Task A_viewer_reporting_five_times_a_second_costs_a_row_write_per_interval_and_the_last_position_still_arrives()
    {
        var player = await _driver.NewPlayerAsync();
        var movie = await app.CreateTitleAsync();
        using var watching = new CancellationTokenSource();
        var writes = CountRowWritesAsync(player.UserId, movie, watching.Token);

        // A fixed number of reports, not a fixed time: on a slow machine each takes longer, and the bound on the writes
        // follows the time they took.
        const int Reports = 30;
        var clock = Stopwatch.StartNew();
        var position = 0;
        while (position < Reports)
        {
            await _driver.UpdateAsync(player, movie, ++position);
            await Task.Delay(200);
        }
        var lastSent = clock.Elapsed;

        await Eventually.TrueAsync(async () => (await _driver.RowsAsync(player.UserId)).GetValueOrDefault(movie)?.PositionSeconds == position,
            Interval + Slack, $"the last position ({position}) reaches PostgreSQL");
        output.WriteLine($"{position} updates in {lastSent.TotalSeconds:0.0} s; the last one was in PostgreSQL {(clock.Elapsed - lastSent).TotalSeconds:0.0} s after it was sent");
        // Anything more would come within an interval and a flush.
        await Task.Delay(Interval + TimeSpan.FromSeconds(2));
        await watching.CancelAsync();
        var count = await writes;

        output.WriteLine($"{count} row writes");
        // Writes are at least an interval apart while the reports come (0, 2, 4 s, ... for an interval of 2 s), then the
        // flush of the last report. One more is allowed for an at-least-once redelivery (a batch taken over from a slow
        // worker is written again). Six seconds of reports: at most 5 writes, against the 30 of one write per report.
        var mostWrites = (int)(lastSent / Interval) + 1 + 1 + 1;
        Assert.InRange(count, 2, mostWrites);
        Assert.True(mostWrites < Reports / 2, $"the reports took {lastSent.TotalSeconds:0.0} s, too slow to tell collapsing from writing each");
    }

    [Fact]
    public async Task An_update_followed_by_silence_reaches_postgres_through_the_flusher()
    {
        var player = await _driver.NewPlayerAsync();
        var movie = await app.CreateTitleAsync();
        await _driver.UpdateAsync(player, movie, 100);
        await Eventually.TrueAsync(async () => (await _driver.RowsAsync(player.UserId)).ContainsKey(movie), Slack, "the first update is persisted");
        // Within the interval: kept in the hot copy, due one interval after the first.
        await _driver.UpdateAsync(player, movie, 110);

        var (status, body) = await _driver.GetProgressAsync(player, movie);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(110, body.GetProperty("position_seconds").GetInt32());
        await Eventually.TrueAsync(async () => (await _driver.RowsAsync(player.UserId))[movie].PositionSeconds == 110,
            Interval + Slack, "the position nobody followed up reaches PostgreSQL");
    }

    [Fact]
    public async Task A_stops_final_position_is_persisted_with_the_stop_not_left_for_the_flusher()
    {
        var player = await _driver.NewPlayerAsync();
        var movie = await app.CreateTitleAsync();
        await _driver.UpdateAsync(player, movie, 300);
        await Eventually.TrueAsync(async () => (await _driver.RowsAsync(player.UserId)).ContainsKey(movie), Slack, "the first update is persisted");

        using var stop = await PostStopAsync(player, movie, 999);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        // Had the stop waited for its interval like an update, only the flusher would bring it to PostgreSQL: take
        // that way away (the title's due-set member) and the position must still arrive.
        var shard = ProgressKeys.Layout.ShardOf(player.UserId);
        await (await _driver.RedisAsync()).SortedSetRemoveAsync(shard.DueKey, Streaming.Core.Progress.ProgressShard.TitleMember(player.UserId, movie));

        await Eventually.TrueAsync(async () => (await _driver.RowsAsync(player.UserId))[movie].PositionSeconds == 999,
            Slack, "the stop's position reaches PostgreSQL");
    }

    [Fact]
    public async Task Workers_killed_while_they_hold_deferred_positions_lose_none_of_them()
    {
        await ResourceControl.EnsureRunningAsync(app.App, ProgressApp.Workers);
        var players = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _driver.NewPlayerAsync()));
        var movie = await app.CreateTitleAsync();
        var killed = new List<string>();
        try
        {
            foreach (var player in players)
            {
                await _driver.UpdateAsync(player, movie, 10);
            }
            await Eventually.TrueAsync(async () => (await _driver.RowsAsync(players.Select(p => p.UserId).ToArray())).Count == players.Length,
                Slack, "the first positions are persisted");

            await using (var blocker = await LockWatchProgressAsync())
            {
                // Deferred: only the flusher hands these to the persist group, and the workers then hold them,
                // blocked on the locked table, unacknowledged.
                foreach (var player in players)
                {
                    await _driver.UpdateAsync(player, movie, 20);
                }
                Dictionary<string, long> holders = [];
                await Eventually.TrueAsync(async () =>
                {
                    holders = (await _driver.PendingByConsumerAsync()).Where(h => h.Value > 0).ToDictionary();
                    return holders.Count > 0;
                }, Interval + Slack, "a worker holds flushed positions");
                await ResourceControl.KillWorkersHoldingAsync(holders.Keys);
                await Eventually.TrueAsync(() =>
                {
                    killed = ProgressApp.Workers.Where(worker => ResourceControl.IsStopped(app.App, worker)).ToList();
                    return Task.FromResult(killed.Count > 0);
                }, Slack, "the killed workers are seen as stopped");
                await blocker.RollbackAsync();
            }
            foreach (var worker in killed)
            {
                await ResourceControl.StartAsync(app.App, worker);
            }

            await Eventually.TrueAsync(async () =>
            {
                var rows = await _driver.RowsAsync(players.Select(p => p.UserId).ToArray());
                return rows.Count == players.Length && rows.Values.All(row => row.PositionSeconds == 20);
            }, TimeSpan.FromSeconds(60), "every deferred position reaches PostgreSQL");
        }
        finally
        {
            await ResourceControl.EnsureRunningAsync(app.App, ProgressApp.Workers);
        }
    }

    /// <summary>Counts the writes of one row by watching its xmin (each insert or update makes a new row version).</summary>
    private async Task<int> CountRowWritesAsync(Guid userId, Guid movieId, CancellationToken stop)
    {
        await using var connection = await _driver.OpenDatabaseAsync();
        await using var select = new NpgsqlCommand("SELECT xmin::text FROM watch_progress WHERE user_id = $1 AND movie_id = $2", connection)
        {
            Parameters = { new() { Value = userId }, new() { Value = movieId } },
        };
        var versions = new HashSet<string>();
        while (!stop.IsCancellationRequested)
        {
            if (await select.ExecuteScalarAsync(CancellationToken.None) is string version)
            {
                versions.Add(version);
            }
            // Writes are an interval apart: sampling far more often sees each one.
            await Task.Delay(50, CancellationToken.None);
        }
        return versions.Count;
    }

    private async Task<HttpResponseMessage> PostStopAsync(Player player, Guid movieId, int position)
    {
        using var client = app.CreateClient(ProgressApp.PacedApi);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stream/{movieId}/stop")
        {
            Content = JsonContent.Create(new { position_seconds = position }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", player.Token);
        return await client.SendAsync(request);
    }

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
}
