namespace Streaming.Hosting.S3;

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
