using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Streaming.Core.Kafka;

/// <summary>
/// Healthy when a broker answers a metadata request. For services that report Kafka without producing (the API:
/// its events leave through the outbox), so they hold an admin connection instead of an idle producer.
/// </summary>
internal sealed class KafkaBrokerHealthCheck(KafkaOptions options, string clientId, ILogger logger) : IHealthCheck, IDisposable
{
    private readonly Lazy<IAdminClient> _admin = new(() => new AdminClientBuilder(new AdminClientConfig
    {
        BootstrapServers = options.BootstrapServers,
        ClientId = clientId,
        ReconnectBackoffMaxMs = 1_000,
    })
        .SetLogHandler((_, message) => logger.Log((LogLevel)message.LevelAs(LogLevelType.MicrosoftExtensionsLogging),
            "{Facility}: {Message}", message.Facility, message.Message))
        .Build());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var metadata = _admin.Value.GetMetadata(TimeSpan.FromSeconds(3));
            return Task.FromResult(metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("No Kafka broker is reachable."));
        }
        catch (KafkaException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ex.Message, ex));
        }
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}

public static class KafkaBrokerHealthCheckExtensions
{
    /// <summary>
    /// <see cref="KafkaOptions"/> and, when Kafka is enabled, the health check named
    /// <see cref="KafkaServiceCollectionExtensions.HealthCheckName"/> that a producing service gets from
    /// <see cref="KafkaServiceCollectionExtensions.AddKafkaEventPublisher"/>.
    /// </summary>
    public static KafkaOptions AddKafkaBrokerHealthCheck(this IHostApplicationBuilder builder)
    {
        var options = KafkaOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        if (options.Enabled)
        {
            builder.Services.AddSingleton(services => new KafkaBrokerHealthCheck(options, builder.Environment.ApplicationName,
                services.GetRequiredService<ILoggerFactory>().CreateLogger("Streaming.Kafka.Admin")));
            builder.Services.AddHealthChecks().AddCheck<KafkaBrokerHealthCheck>(KafkaServiceCollectionExtensions.HealthCheckName);
        }
        return options;
    }
}
