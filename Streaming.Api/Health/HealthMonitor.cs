using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streaming.Api.Configuration;
using Streaming.Core.Kafka;

namespace Streaming.Api.Health;

/// <summary>A computed health report and when it was computed.</summary>
public sealed record HealthSnapshot(HealthReport Report, DateTimeOffset CheckedAt);

/// <summary>
/// How often the dependency checks run (<c>HEALTH_CHECK_INTERVAL</c>, seconds), and how long each may take before it
/// counts as failed: a run never takes much longer than <see cref="CheckDeadline"/>.
/// </summary>
public sealed record HealthMonitorOptions(TimeSpan Interval)
{
    public TimeSpan CheckDeadline { get; init; } = TimeSpan.FromSeconds(3);
}

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
                if (report.TotalDuration > options.CheckDeadline + TimeSpan.FromSeconds(1))
                {
                    // Every check has a deadline, so only a starved machine gets here.
                    logger.LogWarning("The health checks took {Duration} ms: {Checks}", (long)report.TotalDuration.TotalMilliseconds,
                        string.Join(", ", report.Entries.Select(e => $"{e.Key} {(long)e.Value.Duration.TotalMilliseconds} ms")));
                }
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
    public const string IntervalSetting = "HEALTH_CHECK_INTERVAL";

    public static IServiceCollection AddBackgroundHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new HealthMonitorOptions(configuration.GetSeconds(IntervalSetting, 5));
        services.AddSingleton(options);
        services.AddSingleton<HealthMonitor>();
        services.PostConfigure<HealthCheckServiceOptions>(checks =>
        {
            foreach (var registration in checks.Registrations.Where(HealthMonitor.IsReported))
            {
                var factory = registration.Factory;
                registration.Factory = provider => new DeadlineHealthCheck(factory(provider), options.CheckDeadline);
            }
        });
        services.AddHostedService(provider => provider.GetRequiredService<HealthMonitor>());
        return services;
    }
}
