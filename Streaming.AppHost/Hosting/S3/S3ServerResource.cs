namespace Streaming.AppHost.Hosting.S3;

internal static class S3ConnectionString
{
    /// <summary>The one connection string format the services parse, whichever server runs.</summary>
    public static ReferenceExpression For(EndpointReference endpoint, ParameterResource accessKey, ParameterResource secretKey) =>
        ReferenceExpression.Create($"Endpoint={endpoint.Property(EndpointProperty.Url)};AccessKey={accessKey};SecretKey={secretKey}");
}

/// <summary>An S3 server of either mode: its address and the credentials services sign with.</summary>
public interface IS3ServerResource : IResourceWithConnectionString, IResourceWithEndpoints
{
    ParameterResource AccessKey { get; }
    ParameterResource SecretKey { get; }
    EndpointReference PrimaryEndpoint { get; }
}

/// <summary>OpenStack Swift with its s3api middleware, from Debian's packages: a local S3 that checks SigV4 signatures.</summary>
public sealed class LocalS3ServerResource(string name, string scriptPath, string workingDirectory, ParameterResource accessKey, ParameterResource secretKey)
    : ExecutableResource(name, "bash", workingDirectory), IS3ServerResource
{
    internal const string EndpointName = "http";

    public string ScriptPath { get; } = scriptPath;
    public ParameterResource AccessKey { get; } = accessKey;
    public ParameterResource SecretKey { get; } = secretKey;
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => S3ConnectionString.For(PrimaryEndpoint, AccessKey, SecretKey);
}

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
