using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.Core.Kafka;

/// <summary>Healthy when the broker answers a metadata request on the producer's own connection.</summary>
internal sealed class KafkaHealthCheck(IProducer<string, string> producer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(3));
            return Task.FromResult(metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("No Kafka broker is reachable."));
        }
        catch (KafkaException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ex.Error.Reason, ex));
        }
    }
}
