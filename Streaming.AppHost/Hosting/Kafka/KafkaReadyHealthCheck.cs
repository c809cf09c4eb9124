using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.AppHost.Hosting.Kafka;

/// <summary>Ready when the broker answers a metadata request and every topic exists (created when the broker allows it).</summary>
internal sealed class KafkaReadyHealthCheck(string bootstrapServers, IReadOnlyList<string> topics) : IHealthCheck
{
    private readonly IAdminClient _admin = new AdminClientBuilder(new AdminClientConfig
    {
        BootstrapServers = bootstrapServers,
        SocketTimeoutMs = 5000,
    })
        // Until the broker is up every probe fails; the health report already says so, without librdkafka's stderr noise.
        .SetLogHandler((_, _) => { })
        .SetErrorHandler((_, _) => { })
        .Build();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var metadata = _admin.GetMetadata(TimeSpan.FromSeconds(5));
            var missing = topics.Except(metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic)).ToList();
            if (missing.Count == 0)
            {
                return HealthCheckResult.Healthy();
            }
            await _admin.CreateTopicsAsync(missing.Select(topic => new TopicSpecification { Name = topic, NumPartitions = 4, ReplicationFactor = 1 }));
            return HealthCheckResult.Unhealthy($"Creating topics {string.Join(", ", missing)}.");
        }
        catch (KafkaException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }
}
