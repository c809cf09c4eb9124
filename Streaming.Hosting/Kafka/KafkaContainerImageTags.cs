namespace Streaming.Hosting.Kafka;

/// <summary>The Kafka broker image (KRaft mode), as Aspire's integrations keep theirs.</summary>
internal static class KafkaContainerImageTags
{
    public const string Registry = "docker.io";
    public const string Image = "apache/kafka";
    public const string Tag = "4.1.0";
}
