using Scalar.AspNetCore;
using Streaming.Api.Abuse;
using Streaming.Api.Auth;
using Streaming.Api.Configuration;
using Streaming.Api.ContinueWatching;
using Streaming.Api.Dependencies;
using Streaming.Api.Health;
using Streaming.Api.Http;
using Streaming.Api.OpenApi;
using Streaming.Api.Playback;
using Streaming.Api.Playback.Authorization;
using Streaming.Api.Player;
using Streaming.Api.Progress;
using Streaming.Api.Sessions;
using Streaming.Api.Storage.Ingest;
using Streaming.Api.Streams;
using Streaming.Api.Subscriptions;
using Streaming.Api.Titles;
using Streaming.Core.Data;
using Streaming.Core.Kafka;
using Streaming.Core.Progress;
using Streaming.Core.Redis;
using Streaming.Core.Sessions;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.ApplySpecEnvironmentVariables();
if (args is [IngestCommand.Name, ..])
{
    return await IngestCommand.RunAsync(args, builder.Configuration);
}

builder.AddServiceDefaults();
// /health has its own PostgreSQL check.
builder.AddStreamingDbContext(defaultMaxPoolSize: 40, healthChecks: false);
builder.AddStreamingRedisClient(RedisFailurePolicy.FailFast, healthCheck: false);
// The API publishes through the outbox (relayed by the worker); it only reports whether Kafka answers.
builder.AddKafkaBrokerHealthCheck();

builder.Services.AddRequestDeadline(builder.Configuration);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDefaults.AddActionableDetail);
builder.Services.AddOpenApi(options => options.AddStreamingDocument());
builder.Services.AddStreamingJwtAuthentication(builder.Configuration, builder.Environment);
builder.Services.AddTrustedProxies(builder.Configuration);
builder.Services.AddSubscriptionChecks(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPlayback(builder.Configuration, builder.Environment);
builder.Services.AddPlayerPage(builder.Configuration);
builder.Services.AddSingleton(ProgressLayout.From(builder.Configuration));
builder.Services.AddSingleton(ProgressOptions.From(builder.Configuration));
builder.Services.AddSingleton(AbuseLimits.From(builder.Configuration));
builder.Services.AddSingleton<UserRateLimiter>();
builder.Services.AddSingleton(TitleCatalogOptions.From(builder.Configuration));
builder.Services.AddSingleton<TitleCatalog>();
builder.Services.AddSingleton<TitleDurations>();
builder.Services.AddSingleton(ViewingThresholds.From(builder.Configuration));
builder.Services.AddSingleton(SessionLiveness.From(builder.Configuration));
builder.Services.AddSingleton<ProgressWriter>();
builder.Services.AddScoped<ProgressReader>();
builder.Services.AddScoped<StreamSessionStore>();
builder.Services.AddScoped<ContinueWatchingQuery>();
builder.Services.AddScoped<ContinueWatchingRemoval>();
builder.Services.AddHealthChecks().AddDependencyHealthChecks();
builder.Services.AddBackgroundHealth(builder.Configuration);

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRequestTimeouts();

app.MapOpenApi();
app.MapScalarApiReference("/docs", options => options.WithTitle("Streaming API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapStreamingHealth();
app.MapAliveEndpoint();

var stream = app.MapGroup("/api/v1/stream")
    .RequireAuthorization()
    .WithTags(ApiTags.Streaming)
    .ProducesProblemResponse(StatusCodes.Status400BadRequest, "Invalid movie_id or body; the errors member lists each field.")
    .ProducesProblemResponse(StatusCodes.Status401Unauthorized, "Missing, malformed, expired or wrongly signed token (see WWW-Authenticate).")
    .ProducesProblemResponse(StatusCodes.Status503ServiceUnavailable, "A dependency needed for the answer is unavailable.");
stream.MapStreamEndpoints();
stream.MapProgressEndpoints();
app.MapGroup("/api/v1/me")
    .RequireAuthorization()
    .WithTags(ApiTags.Viewer)
    .ProducesProblemResponse(StatusCodes.Status400BadRequest, "Invalid movie_id, limit or cursor; the errors member lists each field.")
    .ProducesProblemResponse(StatusCodes.Status401Unauthorized, "Missing, malformed, expired or wrongly signed token (see WWW-Authenticate).")
    .ProducesProblemResponse(StatusCodes.Status503ServiceUnavailable, "A dependency needed for the answer is unavailable.")
    .MapContinueWatchingEndpoints();
app.MapPlaybackAuthorization();
app.MapSignedManifestEndpoints();
if (app.Environment.IsDevelopment())
{
    app.MapPlayerPage();
}
app.MapBenchmarkEndpoints(app.Configuration);

await app.Services.MigrateStreamingDatabaseAsync();
app.Run();
return 0;

/// <summary>Entry point, visible to tests and benchmarks.</summary>
public partial class Program;
