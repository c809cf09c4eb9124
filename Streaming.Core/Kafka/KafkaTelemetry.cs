using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Streaming.Core.Kafka;

/// <summary>Produce spans and counters, exported to the dashboard by the service defaults (source and meter "Streaming.Kafka").</summary>
public sealed class KafkaTelemetry : IDisposable
{
    public const string Name = "Streaming.Kafka";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public KafkaTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Produced = _meter.CreateCounter<long>("streaming.kafka.messages.produced", "{message}", "Messages acknowledged by the broker.");
        Failed = _meter.CreateCounter<long>("streaming.kafka.messages.failed", "{message}", "Messages the broker did not acknowledge (they are retried).");
        ProducerRebuilds = _meter.CreateCounter<long>("streaming.kafka.producer.rebuilds", "{producer}", "Producers built to replace one that hit a fatal error.");
    }

    public Counter<long> Produced { get; }
    public Counter<long> Failed { get; }
    public Counter<long> ProducerRebuilds { get; }

    public void Dispose() => _meter.Dispose();
}
