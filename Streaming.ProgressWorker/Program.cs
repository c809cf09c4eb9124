using Streaming.Core.Data;
using Streaming.Core.Kafka;
using Streaming.Core.Progress;
using Streaming.Core.Redis;
using Streaming.Core.Sessions;
using Streaming.ProgressWorker;
using Streaming.ProgressWorker.Buffer;
using Streaming.ProgressWorker.Drain;
using Streaming.ProgressWorker.Events;
using Streaming.ProgressWorker.Outbox;
using Streaming.ProgressWorker.Sessions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddStreamingDbContext(defaultMaxPoolSize: 10, healthChecks: true);
builder.AddStreamingRedisClient(RedisFailurePolicy.RideOut, healthCheck: true);
var kafka = builder.AddKafkaEventPublisher();

builder.Services.Configure<ProgressWorkerOptions>(builder.Configuration.GetSection(ProgressWorkerOptions.SectionName));
builder.Services.AddSingleton(ProgressLayout.From(builder.Configuration));
builder.Services.AddSingleton(TimeProvider.System);
// Everything the worker holds is safe in Redis until acknowledged: stopping fast beats draining at shutdown.
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(10));
builder.Services.AddSingleton<ProgressWorkerMetrics>();
builder.Services.AddSingleton<WatchProgressWriter>();
builder.Services.AddSingleton<StaleHotCopyRepair>();
builder.Services.AddHostedService<ProgressDrainService>();
if (kafka.Enabled)
{
    builder.Services.AddHostedService<ProgressEventsService>();
    builder.Services.AddHostedService<OutboxRelayService>();
}
builder.Services.AddHostedService<BufferFlushService>();
builder.Services.AddHostedService<BufferTrimService>();
builder.Services.AddSessionEnding(builder.Configuration);
builder.Services.AddHostedService<SessionIdleReaper>();

var app = builder.Build();

await app.Services.MigrateStreamingDatabaseAsync();
app.MapDefaultEndpoints();

await app.RunAsync();
