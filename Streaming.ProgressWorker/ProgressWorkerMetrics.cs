using System.Diagnostics.Metrics;
using Streaming.ProgressWorker.Buffer;

namespace Streaming.ProgressWorker;

/// <summary>Drain metrics, exported to the dashboard by the service defaults (meter "Streaming.ProgressWorker").</summary>
public sealed class ProgressWorkerMetrics : IDisposable
{
    public const string MeterName = "Streaming.ProgressWorker";

    private readonly Meter _meter;
    private readonly Counter<long> _updatesDrained;
    private readonly Counter<long> _rowsPersisted;
    private readonly Counter<long> _eventsPublished;
    private readonly Counter<long> _eventsDropped;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _drainLag;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, BufferSnapshot> _shards = new();
    private readonly Counter<long> _flushed;

    public ProgressWorkerMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _updatesDrained = _meter.CreateCounter<long>("streaming.progress.updates.drained", "{update}", "Buffered updates persisted (before collapsing per user and title).");
        _rowsPersisted = _meter.CreateCounter<long>("streaming.progress.rows.persisted", "{row}", "watch_progress rows inserted or moved forward.");
        _eventsPublished = _meter.CreateCounter<long>("streaming.progress.events.published", "{event}", "stream.progress events acknowledged by Kafka.");
        _eventsDropped = _meter.CreateCounter<long>("streaming.progress.events.dropped", "{event}",
            "Buffered progress updates trimmed before the progress-events group published them (Kafka down past the buffer bound); persisting them is unaffected.");
        _flushed = _meter.CreateCounter<long>("streaming.progress.flushed", "{update}",
            "Hot copies handed to the persist group by the flusher after their persist interval (no newer update came in time).");
        _batchSize = _meter.CreateHistogram<int>("streaming.progress.batch.size", "{update}", "Buffered updates persisted by one statement.");
        _drainLag = _meter.CreateHistogram<double>("streaming.progress.drain.lag", "s", "Seconds from Redis accepting an update to its batch being committed.");
        _meter.CreateObservableGauge("streaming.progress.buffer.length", () => _shards.Values.Sum(shard => shard.Length), "{update}", "Entries in the Redis buffer (XLEN, all shards).");
        _meter.CreateObservableGauge("streaming.progress.buffer.pending", () => Measure(group => group.Pending), "{update}", "Entries delivered to a group and not yet acknowledged.");
        _meter.CreateObservableGauge("streaming.progress.buffer.lag", () => Measure(group => group.Lag), "{update}", "Entries not yet delivered to a group.");
    }

    public void Persisted(IReadOnlyList<ProgressUpdate> updates, int rows, DateTimeOffset committedAt)
    {
        _updatesDrained.Add(updates.Count);
        _rowsPersisted.Add(rows);
        _batchSize.Record(updates.Count);
        var committedMs = committedAt.ToUnixTimeMilliseconds();
        foreach (var update in updates)
        {
            // The entry id carries Redis's accept time; the event time t is the client's and may be skewed.
            _drainLag.Record((committedMs - update.EntryId.Milliseconds) / 1000.0);
        }
    }

    public void Published(int events) => _eventsPublished.Add(events);

    public void EventsDropped(long events) => _eventsDropped.Add(events);

    public void Flushed(long updates) => _flushed.Add(updates);

    public void Sampled(int shard, BufferSnapshot buffer) => _shards[shard] = buffer;

    /// <summary>Summed over the shards, per group.</summary>
    private IEnumerable<Measurement<long>> Measure(Func<GroupSnapshot, long> value) =>
        _shards.Values.SelectMany(shard => shard.Groups).GroupBy(group => group.Name)
            .Select(group => new Measurement<long>(group.Sum(value), new KeyValuePair<string, object?>("group", group.Key)));

    public void Dispose() => _meter.Dispose();
}

public sealed record BufferSnapshot(long Length, IReadOnlyList<GroupSnapshot> Groups);

public sealed record GroupSnapshot(string Name, long Pending, long Lag);
