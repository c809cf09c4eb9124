using System.Collections.Concurrent;
using System.Text.Json;
using Confluent.Kafka;

namespace Streaming.IntegrationTests.Events;

/// <summary>A real Kafka consumer of the three stream topics, collecting every event in arrival order.</summary>
public sealed class KafkaEventCollector : IDisposable
{
    public static readonly string[] Topics = ["stream.start", "stream.progress", "stream.stop"];

    private readonly IConsumer<string, string> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<ReceivedEvent> _received = new();

    public KafkaEventCollector(string bootstrapServers)
    {
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

    /// <summary>Every event received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedEvent> All() => _received.ToList();

    /// <summary>Waits until the user's events satisfy <paramref name="done"/>; fails with what arrived otherwise.</summary>
    public async Task<IReadOnlyList<ReceivedEvent>> WaitForAsync(Guid userId, Func<IReadOnlyList<ReceivedEvent>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var events = For(userId);
            if (done(events))
            {
                return events;
            }
            await Task.Delay(200);
        }
        var arrived = For(userId);
        Assert.Fail($"Events for {userId} incomplete after {timeout.TotalSeconds} s; got {arrived.Count}:\n{string.Join("\n", arrived.Select(e => $"{e.Topic} {e.Json}"))}");
        return arrived;
    }

    private void Consume()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = _consumer.Consume(_stop.Token);
                _received.Enqueue(new ReceivedEvent(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value,
                    result.Message.Timestamp.UnixTimestampMs));
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

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }
}

/// <param name="TimestampMs">The message's CreateTime: when the producer handed it to its client, in Unix milliseconds.</param>
public sealed record ReceivedEvent(string Topic, int Partition, long Offset, string Key, string Json, long TimestampMs)
{
    public JsonElement Payload => JsonDocument.Parse(Json).RootElement;
    public string EventId => Payload.GetProperty("event_id").GetString()!;
    public string Action => Payload.GetProperty("action").GetString()!;
    public Guid SessionId => Payload.GetProperty("session_id").GetGuid();
}
