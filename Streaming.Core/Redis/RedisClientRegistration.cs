using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Streaming.Core.Connections;

namespace Streaming.Core.Redis;

/// <summary>The one registration of the services' Redis client (the <c>redis</c> connection string).</summary>
public static class RedisClientRegistration
{
    /// <summary>
    /// Redis answers in milliseconds; a command without an answer after a second means Redis is frozen or gone.
    /// StackExchange.Redis checks this once per heartbeat (1 s), so a frozen Redis fails a command within about 2 s.
    /// </summary>
    public const int FailFastTimeoutMilliseconds = 1_000;

    /// <summary>
    /// Registers <see cref="IConnectionMultiplexer"/> through Aspire's integration. <paramref name="healthCheck"/> adds
    /// Aspire's Redis check to the service's health endpoint; the API leaves it out because its <c>/health</c> runs
    /// its own dependency checks in the background.
    /// </summary>
    public static void AddStreamingRedisClient(this IHostApplicationBuilder builder, RedisFailurePolicy policy, bool healthCheck)
    {
        builder.AddRedisClient(
            ConnectionNames.Redis,
            settings => settings.DisableHealthChecks = !healthCheck,
            options => Configure(options, policy, healthCheck));
    }

    private static void Configure(ConfigurationOptions options, RedisFailurePolicy policy, bool healthCheck)
    {
        // Aspire's Redis check asks a cluster node for CLUSTER INFO, which StackExchange.Redis 3 sends only in admin
        // mode; without it the check fails on a Redis Cluster and the service never turns healthy. Nothing else in
        // the services issues an admin command (Redis ACLs, not this client flag, are what forbid them in production).
        options.AllowAdmin = healthCheck;
        if (policy != RedisFailurePolicy.FailFast)
        {
            return;
        }
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.AsyncTimeout = FailFastTimeoutMilliseconds;
        options.SyncTimeout = FailFastTimeoutMilliseconds;
        // Keep reconnecting in the background: the first request after Redis returns must not need a restart.
        options.AbortOnConnectFail = false;
    }
}
