namespace Streaming.Hosting.S3;

/// <summary>The local-process mode: OpenStack Swift with its s3api middleware, from Debian's packages.</summary>
public static class LocalS3BuilderExtensions
{
    /// <summary>Adds Swift + s3api (see Swift/README.md); data lives in <paramref name="dataDirectory"/>.</summary>
    public static IResourceBuilder<LocalS3ServerResource> AddLocalS3(
        this IDistributedApplicationBuilder builder, string name, string bucketName,
        IResourceBuilder<ParameterResource> accessKey, IResourceBuilder<ParameterResource> secretKey,
        string dataDirectory, int? port)
    {
        Directory.CreateDirectory(dataDirectory);
        var script = Path.Combine(AppContext.BaseDirectory, "S3", "Swift", "run-swift.sh");
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
