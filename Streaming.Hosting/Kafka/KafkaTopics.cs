namespace Streaming.Hosting.Kafka;

/// <summary>
/// The topics the services publish to and how many partitions each gets, in either mode. <c>Kafka:Partitions</c>
/// (default 12) bounds how many consumers of one group share a topic's load, so it is sized for a scaled deployment,
/// not for one development machine.
/// </summary>
public sealed record KafkaTopics(IReadOnlyList<string> Names, int Partitions)
{
    public const string PartitionsSetting = "Kafka:Partitions";
    public const int DefaultPartitions = 12;

    public static KafkaTopics From(IConfiguration configuration, IReadOnlyList<string> names)
    {
        var partitions = configuration.GetValue(PartitionsSetting, DefaultPartitions);
        if (partitions < 1)
        {
            throw new InvalidOperationException($"{PartitionsSetting} must be at least 1 (got {partitions}).");
        }
        return new KafkaTopics(names, partitions);
    }
}
