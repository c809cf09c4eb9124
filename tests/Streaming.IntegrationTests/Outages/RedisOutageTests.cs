using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Outages;

/// <summary>
/// Redis stopped under the AppHost: progress cannot be taken, but what PostgreSQL holds can still be read; and the
/// worker rides the outage out, however long it lasts.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class RedisOutageTests(OutageApp app)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task While_redis_is_stopped_progress_writes_answer_503_without_waiting_for_it_and_reads_fall_back_to_postgres()
    {
        using var viewer = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();
        await Outage.AssertOkAsync(() => viewer.ReportProgressAsync(movie, 120), "progress before the outage");
        await Eventually.TrueAsync(async () => await PersistedPositionAsync(viewer.UserId(), movie) == 120, DrainTimeout,
            "the update is persisted in PostgreSQL");

        await ResourceControl.StopAsync(app.App, ResourceNames.Redis);
        try
        {
            await Outage.AssertProblemAsync(() => viewer.ReportProgressAsync(movie, 130), HttpStatusCode.ServiceUnavailable, "a progress write without Redis");
            var stored = await Outage.AssertOkAsync(() => viewer.GetProgressAsync(movie), "a progress read without Redis");
            Assert.Equal(120, stored.GetProperty("position_seconds").GetInt32());
        }
        finally
        {
            await ResourceControl.StartAsync(app.App, ResourceNames.Redis);
        }

        await Outage.AssertRecoversAsync(() => viewer.ReportProgressAsync(movie, 140), Outage.RecoveryBound, "a progress write after Redis returned");
    }

    /// <summary>
    /// A Redis that stops answering (frozen, overloaded, or still loading its AOF after a restart, as in the fault
    /// suite) fails the worker's commands with <c>RedisTimeoutException</c>, which is a <c>TimeoutException</c>, not a
    /// <c>RedisException</c>. A worker loop that let it escape stopped the whole worker host: nothing was persisted or
    /// published any more (the fault suite's smoke then missed every event from the Redis fault on). The update made
    /// after Redis answers again can only reach PostgreSQL through the worker's drain.
    /// </summary>
    [Fact]
    public async Task The_worker_persists_again_after_redis_stopped_answering_for_longer_than_its_command_timeout()
    {
        using var viewer = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();
        var workerLog = WatchWorkerLog();

        var frozenAt = DateTime.UtcNow;
        using (ProcessSignals.Freeze(ProcessSignals.ProcessIdOf(app.App, ResourceNames.Redis, "redis-server")))
        {
            await Eventually.TrueAsync(() => Task.FromResult(workerLog.Any(line => IsLoggedSince(line, frozenAt) && line.Contains("RedisTimeoutException", StringComparison.Ordinal))),
                Eventually.Generous, "a Redis command of the worker timed out while Redis did not answer");
        }

        await Outage.AssertRecoversAsync(() => viewer.ReportProgressAsync(movie, 150), Outage.RecoveryBound, "a progress write after Redis answered again");
        await Eventually.TrueAsync(async () => await PersistedPositionAsync(viewer.UserId(), movie) == 150 || ResourceControl.IsStopped(app.App, ResourceNames.ProgressWorker),
            DrainTimeout, "the update made after the outage is persisted (or the worker has exited)");
        Assert.False(ResourceControl.IsStopped(app.App, ResourceNames.ProgressWorker),
            "The worker exited after Redis stopped answering; the end of its log:" + Environment.NewLine
            + string.Join(Environment.NewLine, workerLog.Where(line => !line.Contains(" at ", StringComparison.Ordinal)).Select(line => line.Length > 300 ? line[..300] : line).TakeLast(12)));
        Assert.Equal(150, await PersistedPositionAsync(viewer.UserId(), movie));
    }

    /// <summary>The worker's log lines (each starts with its UTC timestamp), replayed from the start and then as they come.</summary>
    private ConcurrentQueue<string> WatchWorkerLog()
    {
        Assert.True(app.App.ResourceNotifications.TryGetCurrentState(ResourceNames.ProgressWorker, out var worker));
        var lines = new ConcurrentQueue<string>();
        _ = Task.Run(async () =>
        {
            using var watching = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            try
            {
                await foreach (var batch in app.App.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(worker.ResourceId).WithCancellation(watching.Token))
                {
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.Content);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        return lines;
    }

    private static bool IsLoggedSince(string line, DateTime since) =>
        DateTime.TryParse(line.Split(' ', 2)[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at) && at >= since;

    private async Task<int?> PersistedPositionAsync(Guid userId, Guid movieId)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await app.ConnectionStringAsync(ResourceNames.Database)) { Pooling = false, Timeout = 5 };
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT position_seconds FROM watch_progress WHERE user_id = $1 AND movie_id = $2", connection)
        {
            Parameters = { new() { Value = userId }, new() { Value = movieId } },
        };
        return await query.ExecuteScalarAsync() is int position ? position : null;
    }
}
