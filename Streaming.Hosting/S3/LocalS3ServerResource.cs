namespace Streaming.Hosting.S3;

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
