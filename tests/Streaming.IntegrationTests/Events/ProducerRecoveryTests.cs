using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Streaming.Core.Kafka;
using Streaming.Hosting.Kafka;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Events;

/// <summary>
/// An idempotent producer that hits a fatal error (here an out-of-order sequence answered by the broker)
/// refuses every later message. The services' publisher must rebuild it, count it, and report it in the health
/// check until the new producer delivers. Runs the services' own Kafka registration against librdkafka's mock
/// cluster in this process, so the broker can be told to answer with that error.
/// </summary>
public sealed class ProducerRecoveryTests : IDisposable
{
    private readonly MockKafkaCluster _cluster = MockKafkaCluster.Start(fixedPort: null, ["stream.progress"], partitions: 1);
    private readonly IHost _host;
    private readonly MeterListener _listener = new();
    private long _rebuilds;

    public ProducerRecoveryTests()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "producer-recovery-test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = _cluster.BootstrapServers });
        builder.AddKafkaEventPublisher();
        _host = builder.Build();

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Streaming.Kafka" && instrument.Name == "streaming.kafka.producer.rebuilds")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _rebuilds, value));
        _listener.Start();
    }

    [Fact]
    public async Task A_fatal_producer_error_is_reported_by_health_and_the_rebuilt_producer_delivers_the_same_event()
    {
        var publisher = _host.Services.GetRequiredService<EventPublisher>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        Assert.Equal(1, await publisher.PublishAsync([Event()], timeout.Token));
        Assert.Equal(HealthStatus.Healthy, await KafkaHealthAsync());

        _cluster.FailNextProduceRequests(ErrorCode.OutOfOrderSequenceNumber);
        var refused = Event();
        Assert.Equal(0, await publisher.PublishAsync([refused], timeout.Token));

        await Eventually.TrueAsync(async () => await KafkaHealthAsync() == HealthStatus.Unhealthy,
            TimeSpan.FromSeconds(10), "the health check reports the producer's fatal error");

        // The caller (outbox or buffer) sends the same event again; a rebuilt producer delivers it.
        await Eventually.TrueAsync(async () => await publisher.PublishAsync([refused], timeout.Token) == 1,
            TimeSpan.FromSeconds(30), "a retry of the refused event is delivered");
        Assert.Equal(HealthStatus.Healthy, await KafkaHealthAsync());
        _listener.RecordObservableInstruments();
        Assert.Equal(1, Interlocked.Read(ref _rebuilds));
    }

    private async Task<HealthStatus> KafkaHealthAsync()
    {
        var report = await _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(
            registration => registration.Name == KafkaServiceCollectionExtensions.HealthCheckName);
        return report.Entries[KafkaServiceCollectionExtensions.HealthCheckName].Status;
    }

    private static OutgoingEvent Event()
    {
        var eventId = Guid.NewGuid();
        return new OutgoingEvent("stream.progress", Guid.NewGuid().ToString(), eventId, $$"""{"event_id":"{{eventId}}"}""", TraceParent: null);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _host.Dispose();
        _cluster.Dispose();
    }
}
