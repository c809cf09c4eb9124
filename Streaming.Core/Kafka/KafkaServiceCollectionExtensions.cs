using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Streaming.Core.Kafka;

/// <summary>
/// The client glue Aspire.Confluent.Kafka would have given (it is not served here): a producer from the
/// <c>kafka</c> connection string, a health check named "kafka", and produce telemetry.
/// </summary>
public static class KafkaServiceCollectionExtensions
{
    public const string HealthCheckName = "kafka";

    public static KafkaOptions AddKafkaEventPublisher(this IHostApplicationBuilder builder)
    {
        var options = KafkaOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        if (!options.Enabled)
        {
            return options;
        }

        builder.Services.AddSingleton<KafkaTelemetry>();
        builder.Services.AddSingleton(services =>
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Streaming.Kafka.Producer");
            var config = ProducerConfig(options, builder.Environment.ApplicationName);
            return new KafkaProducerHolder(
                holder => Build(config, holder, logger),
                services.GetRequiredService<KafkaTelemetry>(),
                services.GetRequiredService<ILogger<KafkaProducerHolder>>());
        });
        builder.Services.AddSingleton<EventPublisher>();
        builder.Services.AddHealthChecks().AddCheck<KafkaHealthCheck>(HealthCheckName);
        return options;
    }

    public static ProducerConfig ProducerConfig(KafkaOptions options, string clientId) => new()
    {
        BootstrapServers = options.BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        // The Java client's partitioner: a key lands on the same partition whichever producer (Java, Debezium, ours) sends it.
        Partitioner = Partitioner.Murmur2Random,
        // Sized for 100,000 progress events/s over a few producers and 12 partitions: each producer sends a few
        // thousand events/s per partition, so 10 ms gathers tens of events (~300 bytes of JSON each) per request
        // instead of one; an event waits at most 10 ms more. batch.size (bytes per partition per request) only
        // bounds a burst (an outbox or buffer backlog after an outage), 256 KiB keeps one request cheap to retry.
        LingerMs = 10,
        BatchSize = 256 * 1024,
        // lz4: JSON events with repeated field names shrink ~3x for little CPU on both ends (zstd compresses more, costs more).
        CompressionType = CompressionType.Lz4,
        // A message not acknowledged in time is reported as failed and stays in the outbox or buffer for a retry.
        MessageTimeoutMs = 30_000,
        ReconnectBackoffMaxMs = 1_000,
        ClientId = clientId,
    };

    /// <summary>A producer that logs through <paramref name="logger"/> and reports its errors to the holder (which rebuilds it after a fatal one).</summary>
    public static IProducer<string, string> Build(ProducerConfig config, KafkaProducerHolder holder, ILogger logger) =>
        new ProducerBuilder<string, string>(config)
            .SetLogHandler((_, message) => logger.Log(message.LevelAs(LogLevelType.MicrosoftExtensionsLogging) switch
            {
                int level => (LogLevel)level,
            }, "{Facility}: {Message}", message.Facility, message.Message))
            .SetErrorHandler(holder.OnError)
            .Build();
}
