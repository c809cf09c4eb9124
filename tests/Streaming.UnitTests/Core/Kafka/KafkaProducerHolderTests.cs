using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Streaming.Core.Kafka;

namespace Streaming.UnitTests.Core.Kafka;

public sealed class KafkaProducerHolderTests : IDisposable
{
    private static readonly Error Fatal = new(ErrorCode.OutOfOrderSequenceNumber, "sequence desynchronization", isFatal: true);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<FakeProducer> _built = [];
    private readonly MeterListener _listener = new();
    private long _rebuilds;
    private bool _failBuilds;

    public KafkaProducerHolderTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "streaming.kafka.producer.rebuilds")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _rebuilds, value));
        _listener.Start();
    }

    private KafkaProducerHolder NewHolder() => new(_ =>
    {
        if (_failBuilds)
        {
            throw new KafkaException(ErrorCode.Local_Fail);
        }
        var producer = new FakeProducer();
        _built.Add(producer);
        return producer;
    }, new KafkaTelemetry(_services.GetRequiredService<IMeterFactory>()), NullLogger<KafkaProducerHolder>.Instance);

    [Fact]
    public async Task A_fatal_error_replaces_the_producer_fails_its_waiters_and_is_reported_until_the_new_one_delivers()
    {
        using var holder = NewHolder();
        var first = holder.Current;

        holder.OnError(first.Producer, Fatal);

        var second = holder.Current;
        Assert.NotSame(first.Producer, second.Producer);
        Assert.True(first.Dead.IsCancellationRequested, "waiters on the dead producer's messages are released");
        Assert.False(second.Dead.IsCancellationRequested);
        Assert.Equal(1, Interlocked.Read(ref _rebuilds));
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, holder.UnconfirmedFatalError?.Code);
        await Eventually(() => _built[0].Disposed);

        holder.Delivered(first); // a late report of the dead producer proves nothing
        Assert.NotNull(holder.UnconfirmedFatalError);
        holder.Delivered(second);
        Assert.Null(holder.UnconfirmedFatalError);
    }

    [Fact]
    public void A_non_fatal_error_keeps_the_producer()
    {
        using var holder = NewHolder();
        var first = holder.Current;

        holder.OnError(first.Producer, new Error(ErrorCode.Local_Transport, "broker down", isFatal: false));

        Assert.Same(first, holder.Current);
        Assert.Null(holder.UnconfirmedFatalError);
        Assert.Equal(0, Interlocked.Read(ref _rebuilds));
    }

    [Fact]
    public void A_producer_is_rebuilt_once_however_often_the_dead_one_reports_its_fatal_error()
    {
        using var holder = NewHolder();
        var first = holder.Current;

        holder.OnError(first.Producer, Fatal);
        holder.OnError(first.Producer, Fatal);

        Assert.Equal(2, _built.Count);
        Assert.Equal(2, holder.Current.Number);
        Assert.Equal(1, Interlocked.Read(ref _rebuilds));
    }

    [Fact]
    public void A_rebuild_that_fails_is_tried_again_by_the_next_publisher()
    {
        using var holder = NewHolder();
        var first = holder.Current;
        _failBuilds = true;

        holder.OnError(first.Producer, Fatal);
        Assert.True(holder.Current.IsDead, "nothing to replace it with yet");

        _failBuilds = false;
        var next = holder.Current;
        Assert.False(next.IsDead);
        Assert.Equal(2, _built.Count);
        Assert.Equal(1, Interlocked.Read(ref _rebuilds));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }
        Assert.True(condition());
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    /// <summary>Only what the holder touches; producing is the integration test's business.</summary>
    private sealed class FakeProducer : IProducer<string, string>
    {
        public bool Disposed { get; private set; }
        public void Dispose() => Disposed = true;
        public Handle Handle => throw new NotSupportedException();
        public string Name => "fake";
        public int AddBrokers(string brokers) => throw new NotSupportedException();
        public void SetSaslCredentials(string username, string password) => throw new NotSupportedException();
        public Task<DeliveryResult<string, string>> ProduceAsync(string topic, Message<string, string> message, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<DeliveryResult<string, string>> ProduceAsync(TopicPartition topicPartition, Message<string, string> message, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public void Produce(string topic, Message<string, string> message, Action<DeliveryReport<string, string>>? deliveryHandler = null) => throw new NotSupportedException();
        public void Produce(TopicPartition topicPartition, Message<string, string> message, Action<DeliveryReport<string, string>>? deliveryHandler = null) => throw new NotSupportedException();
        public int Poll(TimeSpan timeout) => throw new NotSupportedException();
        public int Flush(TimeSpan timeout) => throw new NotSupportedException();
        public void Flush(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public void InitTransactions(TimeSpan timeout) => throw new NotSupportedException();
        public void BeginTransaction() => throw new NotSupportedException();
        public void CommitTransaction(TimeSpan timeout) => throw new NotSupportedException();
        public void CommitTransaction() => throw new NotSupportedException();
        public void AbortTransaction(TimeSpan timeout) => throw new NotSupportedException();
        public void AbortTransaction() => throw new NotSupportedException();
        public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) => throw new NotSupportedException();
    }
}
