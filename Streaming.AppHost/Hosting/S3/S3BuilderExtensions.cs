namespace Streaming.AppHost.Hosting.S3;

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

    /// <summary>Adds Swift + s3api (see LocalInfra/swift/README.md); data lives in <paramref name="dataDirectory"/>.</summary>
    public static IResourceBuilder<LocalS3ServerResource> AddLocalS3(
        this IDistributedApplicationBuilder builder, string name, string bucketName,
        IResourceBuilder<ParameterResource> accessKey, IResourceBuilder<ParameterResource> secretKey,
        string dataDirectory, int? port)
    {
        Directory.CreateDirectory(dataDirectory);
        var script = Path.Combine(AppContext.BaseDirectory, "LocalInfra", "swift", "run-swift.sh");
        var resource = new LocalS3ServerResource(name, script, dataDirectory, accessKey.Resource, secretKey.Resource);
        return builder.AddResource(resource)
            .WithLocalEndpoint(LocalS3ServerResource.EndpointName, port, "http")
            .WithArgs(context =>
            {
                context.Args.Add(resource.ScriptPath);
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add(dataDirectory);
                context.Args.Add(resource.AccessKey);
                context.Args.Add(resource.SecretKey);
            })
            .WithConnectionStringHealthCheck(connectionString => new S3ServerHealthCheck(connectionString, bucketName))
            .OnReadyCreate((connectionString, cancellationToken) => S3BucketCreation.EnsureAsync(connectionString, bucketName, cancellationToken));
    }
}
