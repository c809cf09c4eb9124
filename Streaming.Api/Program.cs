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

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.ApplySpecEnvironmentVariables();
if (args is [IngestCommand.Name, ..])
{
    return await IngestCommand.RunAsync(args, builder.Configuration);
}

builder.AddServiceDefaults();
builder.AddApiDependencies();
builder.Services.AddHttpConventions(builder.Configuration);
builder.Services.AddStreamingOpenApi();
builder.Services.AddStreamingJwtAuthentication(builder.Configuration, builder.Environment);
builder.Services.AddSubscriptionChecks(builder.Configuration);
builder.Services.AddUserRateLimits(builder.Configuration);
builder.Services.AddTitles(builder.Configuration);
builder.Services.AddStreamSessions(builder.Configuration);
builder.Services.AddProgress(builder.Configuration);
builder.Services.AddContinueWatching();
builder.Services.AddPlayback(builder.Configuration, builder.Environment);
builder.Services.AddPlayerPage(builder.Configuration);
builder.Services.AddStreamingHealth(builder.Configuration);

var app = builder.Build();
app.UseHttpConventions();

app.MapStreamingOpenApi();
app.MapStreamingHealth();
app.MapAliveEndpoint();
var stream = app.MapStreamGroup();
stream.MapStreamEndpoints();
stream.MapProgressEndpoints();
app.MapViewerGroup().MapContinueWatchingEndpoints();
app.MapPlaybackAuthorization();
app.MapSignedManifestEndpoints();
app.MapPlayerPage();
app.MapBenchmarkEndpoints(app.Configuration);

await app.Services.MigrateStreamingDatabaseAsync();
app.Run();
return 0;

/// <summary>Entry point, visible to tests and benchmarks.</summary>
public partial class Program;
