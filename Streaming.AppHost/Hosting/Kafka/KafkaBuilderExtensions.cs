namespace Streaming.AppHost.Hosting.Kafka;

/// <summary>The hosting glue Aspire.Hosting.Kafka would have given (it is not served here): a resource, its connection string, a read-only readiness check, topic creation once ready.</summary>
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

    /// <summary>
    /// Adds librdkafka's mock cluster as a resource. With no <paramref name="port"/> a free loopback port is
    /// taken, so parallel test runs never collide.
    /// </summary>
    public static IResourceBuilder<LocalKafkaResource> AddLocalKafka(this IDistributedApplicationBuilder builder, string name, KafkaTopics topics, int? port)
    {
        var resource = new LocalKafkaResource(name, port ?? LoopbackPorts.Free(), topics);
        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Kafka (librdkafka mock)",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .OnInitializeResource(async (kafka, e, cancellationToken) =>
            {
                await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(kafka, e.Services), cancellationToken);
                await e.Notifications.PublishUpdateAsync(kafka, s => s with { State = KnownResourceStates.Starting });
                kafka.Cluster = MockKafkaCluster.Start(kafka.Port, kafka.Topics.Names, kafka.Topics.Partitions);
                e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => kafka.Cluster.Dispose());
                e.Logger.LogInformation("Kafka-protocol mock broker listening on {Bootstrap} with topics {Topics}", kafka.Cluster.BootstrapServers, string.Join(", ", kafka.Topics.Names));
                await e.Notifications.PublishUpdateAsync(kafka, s => s with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                    Urls = [new UrlSnapshot("bootstrap", $"tcp://127.0.0.1:{kafka.Port}", IsInternal: false)],
                });
            })
            .WithCommand("broker-down", "Take broker down", _ =>
            {
                resource.Cluster?.SetBrokerDown();
                return Task.FromResult(CommandResults.Success());
            }, new CommandOptions { IconName = "PlugDisconnected", Description = "Simulate a Kafka outage: clients cannot produce or consume until the broker is back." })
            .WithCommand("broker-up", "Bring broker up", _ =>
            {
                resource.Cluster?.SetBrokerUp();
                return Task.FromResult(CommandResults.Success());
            }, new CommandOptions { IconName = "PlugConnected" })
            .WithConnectionStringHealthCheck(connectionString => new KafkaBrokerHealthCheck(connectionString))
            .OnReadyCreate((connectionString, cancellationToken) => KafkaTopicCreation.EnsureAsync(connectionString, topics, cancellationToken));
    }
}
