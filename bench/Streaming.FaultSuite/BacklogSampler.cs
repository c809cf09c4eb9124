using System.Collections.Concurrent;
using Npgsql;
using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.FaultSuite;

/// <summary>What still waits to be persisted or published, sampled every second (unknown while its store is down).</summary>
public readonly record struct BacklogSample(TimeSpan At, long? PersistBacklog, long? EventsBacklog, long? Outbox)
{
    public bool IsClear => PersistBacklog == 0 && EventsBacklog == 0 && Outbox == 0;
}

public sealed class BacklogSampler(ConnectionMultiplexer redis, string database, Ledger ledger)
{
    // The AppHost leaves PROGRESS_BUFFER_SHARDS at its default.
    private static readonly ProgressLayout Layout = new(ProgressLayout.DefaultShards);

    public ConcurrentQueue<BacklogSample> Samples { get; } = new();

    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stopping).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default))
        {
            Samples.Enqueue(await SampleAsync());
        }
    }

    public async Task<BacklogSample> SampleAsync()
    {
        var at = ledger.Now;
        long? persist = null, events = null, outbox = null;
        try
        {
            var db = redis.GetDatabase();
            var shards = await Task.WhenAll(Layout.Shards.Select(async shard =>
            {
                // Hot copies waiting for their persist interval are part of what PostgreSQL has not got yet.
                var due = await db.SortedSetLengthAsync(shard.DueKey);
                if (!await db.KeyExistsAsync(shard.StreamKey))
                {
                    return (Persist: due, Events: 0L); // no buffer yet
                }
                var groups = await db.StreamGroupInfoAsync(shard.StreamKey);
                async Task<long> BacklogAsync(string name)
                {
                    if (groups.FirstOrDefault(g => g.Name == name) is not { Name: not null } group)
                    {
                        return 0;
                    }
                    // Redis answers no lag when it cannot tell (e.g. after entries were deleted): count what follows
                    // the group's last delivered entry instead of calling it clear.
                    var lag = group.Lag ?? (await db.StreamRangeAsync(shard.StreamKey, "(" + group.LastDeliveredId, "+")).Length;
                    return group.PendingMessageCount + lag;
                }
                return (Persist: await BacklogAsync(ProgressBuffer.PersistGroup) + due, Events: await BacklogAsync(ProgressBuffer.EventsGroup));
            }));
            persist = shards.Sum(shard => shard.Persist);
            events = shards.Sum(shard => shard.Events);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
        }
        try
        {
            await using var connection = new NpgsqlConnection(database + ";Timeout=1;Command Timeout=1");
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM event_outbox", connection);
            outbox = (long)(await count.ExecuteScalarAsync())!;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
        }
        return new BacklogSample(at, persist, events, outbox);
    }
}
