namespace Streaming.Hosting.Kafka;

/// <summary>
/// librdkafka's mock cluster, hosted inside the AppHost process: it speaks the real Kafka protocol on
/// loopback, keeps messages in memory, and can be taken down and brought back from the dashboard.
/// </summary>
public sealed class LocalKafkaResource(string name, int port, KafkaTopics topics) : Resource(name), IResourceWithConnectionString
{
    public int Port { get; } = port;
    public KafkaTopics Topics { get; } = topics;
    internal MockKafkaCluster? Cluster { get; set; }

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}
