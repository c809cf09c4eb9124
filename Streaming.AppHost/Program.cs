using Streaming.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// Containers where a runtime answers, local processes otherwise: decided before any resource exists.
var mode = InfrastructureModeResolver.Resolve(builder.Configuration);
var (database, redis, s3, kafka) = BackingServices.Add(builder, mode);

var jwtSecret = builder.AddParameter("jwt-secret", secret: true);

var userService = builder.AddProject<Projects.Streaming_UserServiceStub>("user-service")
    .WithEnvironment("JWT_SECRET_KEY", jwtSecret)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Streaming_Api>("api")
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithReference(s3).WaitFor(s3)
    .WithReference(kafka).WaitFor(kafka)
    .WithReference(userService).WaitFor(userService)
    .WithEnvironment("JWT_SECRET_KEY", jwtSecret)
    .WithEnvironment("S3_BUCKET_NAME", BackingServices.BucketName)
    // The generated sample title is kept beside the local data, so ffmpeg runs once per machine.
    .WithEnvironment("PLAYBACK_SAMPLE_CACHE", Path.Combine(LocalInfraOptions.From(builder.Configuration).DataDirectory, "sample-media"))
    .WithHttpHealthCheck("/health")
    .WithUrl("/docs", "API reference");

builder.AddProject<Projects.Streaming_ProgressWorker>("progress-worker")
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithReference(kafka).WaitFor(kafka)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
