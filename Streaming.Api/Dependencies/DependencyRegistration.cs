using Streaming.Core.Data;
using Streaming.Core.Kafka;
using Streaming.Core.Redis;

namespace Streaming.Api.Dependencies;

public static class DependencyRegistration
{
    /// <summary>PostgreSQL, Redis and Kafka as the API uses them, and the deadline of every request that waits on them.</summary>
    public static WebApplicationBuilder AddApiDependencies(this WebApplicationBuilder builder)
    {
        // /health has its own PostgreSQL and Redis checks.
        builder.AddStreamingDbContext(defaultMaxPoolSize: 40, healthChecks: false);
        builder.AddStreamingRedisClient(RedisFailurePolicy.FailFast, healthCheck: false);
        // The API publishes through the outbox (relayed by the worker); it only reports whether Kafka answers.
        builder.AddKafkaBrokerHealthCheck();
        builder.Services.AddRequestDeadline(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
