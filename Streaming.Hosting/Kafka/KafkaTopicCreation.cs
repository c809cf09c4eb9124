using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Streaming.Hosting.Kafka;

/// <summary>
/// Creates the topics that are missing and grows those with fewer partitions than asked for, once the broker is
/// ready, and returns when the broker's metadata shows them all. The local mock starts with its topics, so there it
/// finds nothing to do.
/// </summary>
internal static class KafkaTopicCreation
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(500);

    public static async Task EnsureAsync(string bootstrapServers, KafkaTopics topics, CancellationToken cancellationToken)
    {
        using var admin = KafkaAdmin.Create(bootstrapServers);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        while (true)
        {
            var existing = admin.GetMetadata(KafkaAdmin.MetadataTimeout).Topics
                .Where(topic => topic.Error.Code == ErrorCode.NoError)
                .ToDictionary(topic => topic.Topic, topic => topic.Partitions.Count);
            var missing = topics.Names.Where(name => !existing.ContainsKey(name)).ToList();
            // Partitions can only grow; a topic with more than asked for is left alone.
            var small = topics.Names.Where(name => existing.TryGetValue(name, out var count) && count < topics.Partitions).ToList();
            if (missing.Count == 0 && small.Count == 0)
            {
                return;
            }
            try
            {
                if (missing.Count > 0)
                {
                    await admin.CreateTopicsAsync(missing.Select(topic => new TopicSpecification { Name = topic, NumPartitions = topics.Partitions, ReplicationFactor = 1 }));
                }
                if (small.Count > 0)
                {
                    await admin.CreatePartitionsAsync(small.Select(topic => new PartitionsSpecification { Topic = topic, IncreaseTo = topics.Partitions }));
                }
            }
            catch (KafkaException)
            {
                // Raced with a client's auto-creation, or the metadata lagged: the next round reads the broker again.
            }
            await Task.Delay(Retry, limit.Token);
        }
    }
}
