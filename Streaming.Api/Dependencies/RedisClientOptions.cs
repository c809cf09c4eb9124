using StackExchange.Redis;

namespace Streaming.Api.Dependencies;

/// <summary>How the API's Redis client behaves while Redis is down or frozen.</summary>
public static class RedisClientOptions
{
    /// <summary>
    /// Redis answers in milliseconds; a command without an answer after a second means Redis is frozen or gone.
    /// StackExchange.Redis checks this once per heartbeat (1 s), so a frozen Redis fails a command within about 2 s.
    /// </summary>
    public const int CommandTimeoutMilliseconds = 1_000;

    public static void Configure(ConfigurationOptions options)
    {
        // While disconnected, fail at once (503, or the PostgreSQL fallback) instead of queueing commands until their
        // timeout: a player retries, and a backlog would only grow through a long outage.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.AsyncTimeout = CommandTimeoutMilliseconds;
        options.SyncTimeout = CommandTimeoutMilliseconds;
        // Keep reconnecting in the background: the first request after Redis returns must not need a restart.
        options.AbortOnConnectFail = false;
    }
}
