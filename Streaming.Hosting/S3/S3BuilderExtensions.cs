namespace Streaming.Hosting.S3;

/// <summary>The containers mode: MinIO, with its console, CORS for browser players, a read-only readiness check and the bucket created once ready.</summary>
public static class S3BuilderExtensions
{
    public static IResourceBuilder<MinioContainerResource> AddMinio(
        this IDistributedApplicationBuilder builder, string name, string bucketName,
        IResourceBuilder<ParameterResource> accessKey, IResourceBuilder<ParameterResource> secretKey)
    {
        var resource = new MinioContainerResource(name, accessKey.Resource, secretKey.Resource);
        return builder.AddResource(resource)
            .WithImage(MinioContainerImageTags.Image, MinioContainerImageTags.Tag)
            .WithImageRegistry(MinioContainerImageTags.Registry)
            .WithHttpEndpoint(targetPort: 9000, name: MinioContainerResource.EndpointName)
            .WithHttpEndpoint(targetPort: 9001, name: "console")
            .WithEnvironment("MINIO_ROOT_USER", accessKey)
            .WithEnvironment("MINIO_ROOT_PASSWORD", secretKey)
            // Browser players fetch manifests and segments cross-origin.
            .WithEnvironment("MINIO_API_CORS_ALLOW_ORIGIN", "*")
            .WithArgs("server", "/data", "--console-address", ":9001")
            .WithConnectionStringHealthCheck(connectionString => new S3ServerHealthCheck(connectionString, bucketName))
            .OnReadyCreate((connectionString, cancellationToken) => S3BucketCreation.EnsureAsync(connectionString, bucketName, cancellationToken));
    }
}
