using Microsoft.Extensions.Configuration;
using Streaming.Core.Connections;

namespace Streaming.Core.Kafka;

/// <summary>
/// Where the broker is and whether to publish at all. Inside Aspire the <c>kafka</c> connection string
/// wins; outside it the original spec's <c>KAFKA_BOOTSTRAP_SERVERS</c> and <c>ENABLE_KAFKA</c>.
/// </summary>
public sealed record KafkaOptions(string BootstrapServers, bool Enabled)
{
    public const string BootstrapServersSetting = "KAFKA_BOOTSTRAP_SERVERS";
    public const string EnabledSetting = "ENABLE_KAFKA";

    public static KafkaOptions From(IConfiguration configuration) => new(
        configuration.GetConnectionString(ConnectionNames.Kafka)
            ?? configuration[BootstrapServersSetting]
            ?? "localhost:9092",
        configuration.GetValue(EnabledSetting, true));
}
