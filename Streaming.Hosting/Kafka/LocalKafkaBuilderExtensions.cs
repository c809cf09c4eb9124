namespace Streaming.Hosting.Kafka;

/// <summary>The local-process mode: librdkafka's mock cluster inside the AppHost process, where no broker can run.</summary>
public static class LocalKafkaBuilderExtensions
{
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
