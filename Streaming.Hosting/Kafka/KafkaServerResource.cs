namespace Streaming.Hosting.Kafka;

/// <summary>A Kafka broker in a container (KRaft mode, no ZooKeeper). Its connection string is the bootstrap address.</summary>
public sealed class KafkaServerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    internal const string InternalEndpointName = "internal";

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
