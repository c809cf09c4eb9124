using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.AppHost.Hosting.Kafka;

/// <summary>
/// Ready when the broker answers a metadata request and every topic exists with its partitions (created, or grown,
/// when the broker allows it).
/// </summary>
internal sealed class KafkaReadyHealthCheck(string bootstrapServers, KafkaTopics topics) : IHealthCheck
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
            var existing = metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic, t => t.Partitions.Count);
            var missing = topics.Names.Where(name => !existing.ContainsKey(name)).ToList();
            // Partitions can only grow; a topic with more than asked for is left alone.
            var small = topics.Names.Where(name => existing.TryGetValue(name, out var count) && count < topics.Partitions).ToList();
            if (missing.Count == 0 && small.Count == 0)
            {
                return HealthCheckResult.Healthy();
            }
            if (missing.Count > 0)
            {
                await _admin.CreateTopicsAsync(missing.Select(topic => new TopicSpecification { Name = topic, NumPartitions = topics.Partitions, ReplicationFactor = 1 }));
            }
            if (small.Count > 0)
            {
                await _admin.CreatePartitionsAsync(small.Select(topic => new PartitionsSpecification { Topic = topic, IncreaseTo = topics.Partitions }));
            }
            return HealthCheckResult.Unhealthy($"Creating topics {string.Join(", ", missing.Concat(small))} with {topics.Partitions} partitions.");
        }
        catch (KafkaException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }
}
