using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streaming.Api.Configuration;
using Streaming.Core.Kafka;

namespace Streaming.Api.Health;

/// <summary>A computed health report and when it was computed.</summary>
public sealed record HealthSnapshot(HealthReport Report, DateTimeOffset CheckedAt);

/// <summary>How often the dependency checks run (<c>HEALTH_CHECK_INTERVAL</c>, seconds).</summary>
public sealed record HealthMonitorOptions(TimeSpan Interval);

/// <summary>
/// Runs the dependency checks every <c>HEALTH_CHECK_INTERVAL</c> seconds, whatever the number of /health requests,
/// and keeps the last report: /health answers from it at once, so a flood of probes neither multiplies the checks
/// nor waits on a slow dependency (the Kafka check blocks a thread for up to 3 s while the broker is unreachable).
/// </summary>
public sealed class HealthMonitor(HealthCheckService health, HealthMonitorOptions options, TimeProvider time, IMeterFactory meters, ILogger<HealthMonitor> logger)
    : BackgroundService
{
    public const string MeterName = "Streaming.Api.Health";

    private readonly Counter<long> _runs = meters.Create(MeterName).CreateCounter<long>("streaming.health.runs", description: "Runs of the dependency checks");
    private volatile HealthSnapshot? _last;

    /// <summary>The last report, or null before the first run finished.</summary>
    public HealthSnapshot? Last => _last;

    public static bool IsReported(HealthCheckRegistration registration) =>
        registration.Tags.Contains("ready") || registration.Name == KafkaServiceCollectionExtensions.HealthCheckName;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        do
        {
            try
            {
                var report = await health.CheckHealthAsync(IsReported, stoppingToken);
                _last = new HealthSnapshot(report, time.GetUtcNow());
                _runs.Add(1);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Each check reports its own failure; this is the service itself failing. Keep the last report.
                logger.LogError(ex, "The health checks could not run");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class HealthMonitorRegistration
{
    public static IServiceCollection AddBackgroundHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new HealthMonitorOptions(configuration.GetSeconds("HEALTH_CHECK_INTERVAL", 5)));
        services.AddSingleton<HealthMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<HealthMonitor>());
        return services;
    }
}
