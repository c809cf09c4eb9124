using Streaming.AppHost.Infrastructure;
using Streaming.AppHost.Services;
using Streaming.Core.Configuration;

namespace Streaming.AppHost;

/// <summary>The whole application, as the architecture diagram draws it. <c>Program.cs</c> runs it.</summary>
public static class StreamingApplication
{
    /// <summary>
    /// The application on a builder the caller creates: the model tests build it on a testing builder of their own,
    /// without the entry point, whose built and never started app takes 30 s to dispose. The builder is created here,
    /// on this assembly's stack, because Aspire's testing builder finds the AppHost (and DCP) from its caller's stack.
    /// </summary>
    public static TBuilder ComposeOn<TBuilder>(Func<TBuilder> createBuilder) where TBuilder : IDistributedApplicationBuilder
    {
        var builder = createBuilder();
        builder.AddStreamingApplication();
        return builder;
    }

    public static void AddStreamingApplication(this IDistributedApplicationBuilder builder)
    {
        // Containers where a runtime answers, local processes otherwise: decided before any resource exists.
        var mode = InfrastructureModeResolver.Resolve(builder.Configuration);
        var backing = BackingServices.Add(builder, mode);
        // Players fetch media through the edge, which caches it and asks the API who may play.
        var edge = PlaybackEdge.Add(builder, mode, backing);

        // Values come from configuration (Parameters:*, ModelParameters): appsettings.Development.json holds development defaults, so
        // outside Development every parameter must be given (user secrets, environment Parameters__jwt-secret=...) or
        // Aspire reports it.
        var jwtSecret = builder.AddParameter(ModelParameters.JwtSecretParameterName, secret: true);

        var userService = builder.AddProject<Projects.Streaming_UserServiceStub>(ServiceNames.UserService)
            .InAppHostEnvironment()
            .WithEnvironment(SharedSettings.JwtSecretSetting, jwtSecret)
            .WithHttpHealthCheck("/health");

        var api = builder.AddStreamingApi(ServiceNames.Api, backing, userService, jwtSecret)
            // The generated sample title is kept beside the local data, so ffmpeg runs once per machine.
            .WithEnvironment(SharedSettings.PlaybackSampleCacheSetting,
                Path.Combine(LocalInfraOptions.From(builder.Configuration).DataDirectory, "sample-media"))
            .WithUrl("/docs", "API reference")
            .DeliversThrough(edge)
            // 40 and 10 below: each service's default POSTGRES_MAX_POOL_SIZE for one replica, shared by its replicas.
            .WithConfiguredReplicas(postgresConnections: 40);

        if (!builder.Environment.IsDevelopment())
        {
            // The API requires these outside Development. Development leaves them out: tokens without issuer and
            // audience, and a manifest key derived from the JWT secret, keep the development setup to one secret.
            api.WithEnvironment(SharedSettings.JwtIssuerSetting, builder.AddParameter(ModelParameters.JwtIssuerParameterName))
                .WithEnvironment(SharedSettings.JwtAudienceSetting, builder.AddParameter(ModelParameters.JwtAudienceParameterName))
                .WithEnvironment(SharedSettings.PlaybackSigningKeySetting, builder.AddParameter(ModelParameters.PlaybackSigningKeyParameterName, secret: true));
        }

        builder.AddProgressWorker(ServiceNames.ProgressWorker, backing.Database, backing.Redis, backing.Kafka)
            .WithConfiguredReplicas(postgresConnections: 10);
    }
}
