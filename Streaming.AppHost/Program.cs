using Streaming.AppHost.Infrastructure;
using Streaming.AppHost.Services;

var builder = DistributedApplication.CreateBuilder(args);

// Containers where a runtime answers, local processes otherwise: decided before any resource exists.
var mode = InfrastructureModeResolver.Resolve(builder.Configuration);
var backing = BackingServices.Add(builder, mode);

// Values come from configuration (Parameters:*): appsettings.Development.json holds development defaults, so outside
// Development every parameter must be given (user secrets, environment Parameters__jwt-secret=...) or Aspire reports it.
var jwtSecret = builder.AddParameter("jwt-secret", secret: true);

var userService = builder.AddProject<Projects.Streaming_UserServiceStub>(ServiceNames.UserService)
    .InAppHostEnvironment()
    .WithEnvironment("JWT_SECRET_KEY", jwtSecret)
    .WithHttpHealthCheck("/health");

var api = builder.AddStreamingApi(ServiceNames.Api, backing, userService, jwtSecret)
    // The generated sample title is kept beside the local data, so ffmpeg runs once per machine.
    .WithEnvironment("PLAYBACK_SAMPLE_CACHE", Path.Combine(LocalInfraOptions.From(builder.Configuration).DataDirectory, "sample-media"))
    .WithUrl("/docs", "API reference")
    // 40 and 10 below: each service's default POSTGRES_MAX_POOL_SIZE for one replica, shared by its replicas.
    .WithConfiguredReplicas(postgresConnections: 40);

if (!builder.Environment.IsDevelopment())
{
    // The API requires these outside Development. Development leaves them out: tokens without issuer and audience,
    // and a manifest key derived from the JWT secret, keep the development setup to one secret.
    api.WithEnvironment("JWT_ISSUER", builder.AddParameter("jwt-issuer"))
        .WithEnvironment("JWT_AUDIENCE", builder.AddParameter("jwt-audience"))
        .WithEnvironment("PLAYBACK_SIGNING_KEY", builder.AddParameter("playback-signing-key", secret: true));
}

builder.AddProgressWorker(ServiceNames.ProgressWorker, backing.Database, backing.Redis, backing.Kafka)
    .WithConfiguredReplicas(postgresConnections: 10);

builder.Build().Run();
