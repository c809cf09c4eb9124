namespace Streaming.Hosting.Kafka;

/// <summary>
/// The containers mode: the apache/kafka image (KRaft), with the hosting glue Aspire.Hosting.Kafka would have given (it
/// is not served here): a resource, its connection string, a read-only readiness check, topic creation once ready.
/// </summary>
public static class KafkaBuilderExtensions
{
    public static IResourceBuilder<KafkaServerResource> AddKafka(this IDistributedApplicationBuilder builder, string name, KafkaTopics topics)
    {
        var resource = new KafkaServerResource(name);
        return builder.AddResource(resource)
            .WithImage(KafkaContainerImageTags.Image, KafkaContainerImageTags.Tag)
            .WithImageRegistry(KafkaContainerImageTags.Registry)
            .WithEndpoint(targetPort: 9092, name: KafkaServerResource.EndpointName)
            .WithEndpoint(targetPort: 29092, name: KafkaServerResource.InternalEndpointName)
            .WithEnvironment("KAFKA_NODE_ID", "1")
            .WithEnvironment("KAFKA_PROCESS_ROLES", "broker,controller")
            .WithEnvironment("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
            .WithEnvironment("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
            .WithEnvironment("KAFKA_LISTENERS", "PLAINTEXT://:9092,INTERNAL://:29092,CONTROLLER://:9093")
            .WithEnvironment("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT")
            .WithEnvironment("KAFKA_INTER_BROKER_LISTENER_NAME", "INTERNAL")
            .WithEnvironment("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
            .WithEnvironment("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .WithEnvironment("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
            .WithEnvironment("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            // A topic auto-created by a first produce gets the same partitions as the ones KafkaTopicCreation creates.
            .WithEnvironment("KAFKA_NUM_PARTITIONS", topics.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture))
            // Clients on the host reach the broker through the port Aspire publishes, so that is what it must advertise.
            .WithEnvironment(context => context.EnvironmentVariables["KAFKA_ADVERTISED_LISTENERS"] = ReferenceExpression.Create(
                $"PLAINTEXT://localhost:{resource.PrimaryEndpoint.Property(EndpointProperty.Port)},INTERNAL://localhost:29092"))
            .WithConnectionStringHealthCheck(connectionString => new KafkaBrokerHealthCheck(connectionString))
            .OnReadyCreate((connectionString, cancellationToken) => KafkaTopicCreation.EnsureAsync(connectionString, topics, cancellationToken));
    }
}
