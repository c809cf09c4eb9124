using Confluent.Kafka;

namespace Streaming.Hosting.Kafka;

internal static class KafkaAdmin
{
    /// <summary>An admin client for readiness and topic creation, quiet while the broker is not up yet.</summary>
    public static IAdminClient Create(string bootstrapServers) =>
        new AdminClientBuilder(new AdminClientConfig
        {
            BootstrapServers = bootstrapServers,
            SocketTimeoutMs = 5000,
        })
            // Until the broker is up every probe fails; the health report already says so, without librdkafka's stderr noise.
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();

    public static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(5);
}
