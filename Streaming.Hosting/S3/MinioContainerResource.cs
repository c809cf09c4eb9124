namespace Streaming.Hosting.S3;

/// <summary>MinIO in a container.</summary>
public sealed class MinioContainerResource(string name, ParameterResource accessKey, ParameterResource secretKey)
    : ContainerResource(name), IS3ServerResource
{
    internal const string EndpointName = "http";

    public ParameterResource AccessKey { get; } = accessKey;
    public ParameterResource SecretKey { get; } = secretKey;
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => S3ConnectionString.For(PrimaryEndpoint, AccessKey, SecretKey);
}
