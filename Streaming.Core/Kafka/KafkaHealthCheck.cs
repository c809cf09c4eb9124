using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.Core.Kafka;

/// <summary>
/// Healthy when the broker answers a metadata request on the producer's own connection, and no fatal producer
/// error is still unconfirmed (a rebuilt producer has not delivered a message yet).
/// </summary>
internal sealed class KafkaHealthCheck(KafkaProducerHolder producers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (producers.UnconfirmedFatalError is { } fatal)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"The Kafka producer hit a fatal error ({fatal.Code}: {fatal.Reason}) at {fatal.At:O}; it was rebuilt and has not delivered a message since."));
        }
        try
        {
            using var admin = new DependentAdminClientBuilder(producers.Current.Producer.Handle).Build();
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(3));
            return Task.FromResult(metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("No Kafka broker is reachable."));
        }
        catch (Exception ex) when (ex is KafkaException or ObjectDisposedException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ex.Message, ex));
        }
    }
}
