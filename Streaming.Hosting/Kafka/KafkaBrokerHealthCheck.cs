using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.Hosting.Kafka;

/// <summary>
/// Ready when the broker answers a metadata request. It only reads: the topics are created once the broker is
/// ready (<see cref="KafkaTopicCreation"/>), and services waiting for the broker wait for that too.
/// </summary>
internal sealed class KafkaBrokerHealthCheck(string bootstrapServers) : IHealthCheck
{
    private readonly IAdminClient _admin = KafkaAdmin.Create(bootstrapServers);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var metadata = _admin.GetMetadata(KafkaAdmin.MetadataTimeout);
            return Task.FromResult(metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The broker answered with no brokers."));
        }
        catch (KafkaException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ex.Message, ex));
        }
    }
}
