using Microsoft.Extensions.Configuration;

namespace Streaming.Core.Kafka;

/// <summary>
/// Where the broker is and whether to publish at all. Inside Aspire the <c>kafka</c> connection string
/// wins; outside it the original spec's <c>KAFKA_BOOTSTRAP_SERVERS</c> and <c>ENABLE_KAFKA</c>.
/// </summary>
public sealed record KafkaOptions(string BootstrapServers, bool Enabled)
{
    public const string ConnectionName = "kafka";

    public static KafkaOptions From(IConfiguration configuration) => new(
        configuration.GetConnectionString(ConnectionName)
            ?? configuration["KAFKA_BOOTSTRAP_SERVERS"]
            ?? "localhost:9092",
        configuration.GetValue("ENABLE_KAFKA", true));
}
