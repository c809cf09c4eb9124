using System.Collections.Concurrent;
using System.Text.Json;
using Confluent.Kafka;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>A real Kafka consumer of the three stream topics, collecting every event in arrival order.</summary>
public sealed class KafkaEventCollector : IDisposable
{
    public static readonly string[] Topics = ["stream.start", "stream.progress", "stream.stop"];

    private readonly IConsumer<string, string> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<ReceivedEvent> _received = new();
    // A client of its own: on the consumer's connection each query would wait behind a long-polling fetch.
    private readonly IConsumer<Ignore, Ignore>? _probe;

    /// <param name="probeStartLogOnStop">
    /// On each <c>stream.stop</c>, ask the broker where every <c>stream.start</c> partition's log ends, to tell which
    /// starts were already in the log once the stop could be read (<see cref="ReceivedEvent.StartLogEnds"/>).
    /// </param>
    public KafkaEventCollector(string bootstrapServers, bool probeStartLogOnStop = false)
    {
        if (probeStartLogOnStop)
        {
            _probe = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = $"probe-{Guid.NewGuid():N}" })
                .SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        }
        _consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"test-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            ReconnectBackoffMaxMs = 1000,
            // Longer than any outage a test simulates: the consumer keeps its partitions instead of rejoining.
            SessionTimeoutMs = 120_000,
        }).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        _consumer.Subscribe(Topics);
        _loop = Task.Run(Consume);
    }

    public IReadOnlyList<ReceivedEvent> For(Guid userId) =>
        _received.Where(e => e.Key == userId.ToString()).ToList();

    /// <summary>
    /// Waits until the consumer group has assigned this collector partitions of every topic: a burst sent earlier can
    /// be read before the stream.start partitions are assigned, and then no stop could be probed against them.
    /// </summary>
    public Task WaitUntilAssignedAsync() =>
        Eventually.TrueAsync(() => Task.FromResult(Topics.All(topic => _consumer.Assignment.Any(partition => partition.Topic == topic))),
            "the collector is assigned partitions of every stream topic");

    /// <summary>Every event received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedEvent> All() => _received.ToList();

    /// <summary>Waits until the user's events satisfy <paramref name="done"/>; fails with what arrived otherwise.</summary>
    public Task<IReadOnlyList<ReceivedEvent>> WaitForAsync(Guid userId, Func<IReadOnlyList<ReceivedEvent>, bool> done, TimeSpan timeout) =>
        Eventually.ValueAsync(() => Task.FromResult(For(userId)), done, timeout, $"the events of {userId} are complete",
            describe: arrived => $"{arrived.Count} events:\n{string.Join("\n", arrived.Select(e => $"{e.Topic} {e.Json}"))}");

    private void Consume()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = _consumer.Consume(_stop.Token);
                var startLogEnds = _probe is not null && result.Topic == "stream.stop" ? StartLogEnds(_probe) : null;
                _received.Enqueue(new ReceivedEvent(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value,
                    result.Message.Timestamp.UnixTimestampMs, startLogEnds));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ConsumeException)
            {
                // Broker outages in the tests surface here; the consumer resumes on its own.
            }
        }
    }

    private Dictionary<int, long>? StartLogEnds(IConsumer<Ignore, Ignore> probe)
    {
        try
        {
            return _consumer.Assignment.Where(partition => partition.Topic == "stream.start").ToDictionary(
                partition => partition.Partition.Value,
                partition => probe.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value);
        }
        catch (KafkaException)
        {
            return null; // unknown: the test that asked reports it
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _consumer.Close();
        _consumer.Dispose();
        _probe?.Dispose();
        _stop.Dispose();
    }
}

/// <param name="TimestampMs">The message's CreateTime: when the producer handed it to its client, in Unix milliseconds.</param>
/// <param name="StartLogEnds">
/// For a stop received by a probing collector: the end offset of each <c>stream.start</c> partition, asked after the
/// stop arrived. A start whose offset is below its partition's end was in the log before the stop could be read.
/// </param>
public sealed record ReceivedEvent(string Topic, int Partition, long Offset, string Key, string Json, long TimestampMs,
    IReadOnlyDictionary<int, long>? StartLogEnds = null)
{
    public JsonElement Payload => JsonDocument.Parse(Json).RootElement;
    public string EventId => Payload.GetProperty("event_id").GetString()!;
    public string Action => Payload.GetProperty("action").GetString()!;
    public Guid SessionId => Payload.GetProperty("session_id").GetGuid();
}
