using System.Collections.Concurrent;
using Npgsql;
using StackExchange.Redis;

namespace Streaming.FaultSuite;

/// <summary>What still waits to be persisted or published, sampled every second (unknown while its store is down).</summary>
public readonly record struct BacklogSample(TimeSpan At, long? PersistBacklog, long? EventsBacklog, long? Outbox)
{
    public bool IsClear => PersistBacklog == 0 && EventsBacklog == 0 && Outbox == 0;
}

public sealed class BacklogSampler(ConnectionMultiplexer redis, string database, Ledger ledger)
{
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
            var groups = await redis.GetDatabase().StreamGroupInfoAsync("progress:buffer");
            long Backlog(string name) => groups.Where(g => g.Name == name).Select(g => g.PendingMessageCount + (g.Lag ?? 0)).DefaultIfEmpty(0).Single();
            persist = Backlog("progress-persist");
            events = Backlog("progress-events");
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("ERR no such key", StringComparison.Ordinal))
        {
            persist = events = 0; // no buffer yet
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
