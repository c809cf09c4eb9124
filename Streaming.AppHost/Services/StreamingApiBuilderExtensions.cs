using Streaming.AppHost.Infrastructure;
using Streaming.Core.Configuration;

namespace Streaming.AppHost.Services;

public static class StreamingApiBuilderExtensions
{
    /// <summary>
    /// The streaming API wired to the four backing services and the user service, with the JWT secret and the
    /// bucket, as the AppHost runs it and as tests add an API with settings of its own.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddStreamingApi(
        this IDistributedApplicationBuilder builder, string name, BackingServices backing,
        IResourceBuilder<ProjectResource> userService, IResourceBuilder<ParameterResource> jwtSecret) =>
        builder.AddProject<Projects.Streaming_Api>(name)
            .InAppHostEnvironment()
            .WithReference(backing.Database).WaitFor(backing.Database)
            .WithReference(backing.Redis).WaitFor(backing.Redis)
            .WithReference(backing.S3).WaitFor(backing.S3)
            .WithReference(backing.Kafka).WaitFor(backing.Kafka)
            .WithReference(userService).WaitFor(userService)
            .WithEnvironment(SharedSettings.JwtSecretSetting, jwtSecret)
            .WithEnvironment(SharedSettings.S3BucketNameSetting, BackingServices.BucketName)
            .WithHttpHealthCheck("/health");
}
