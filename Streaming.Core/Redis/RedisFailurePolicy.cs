namespace Streaming.Core.Redis;

/// <summary>What a Redis command does while Redis is down, frozen or failing over.</summary>
public enum RedisFailurePolicy
{
    /// <summary>
    /// For request paths (the API): while disconnected a command fails at once instead of queueing, and a command
    /// without an answer after <see cref="RedisClientRegistration.FailFastTimeoutMilliseconds"/> fails, so a request
    /// answers 503 (or takes its PostgreSQL fallback) well within its deadline. A player retries; a backlog would only
    /// grow through a long outage.
    /// </summary>
    FailFast,

    /// <summary>
    /// For background loops (the worker): the client's defaults as Aspire sets them, which queue commands through a short
    /// disconnect (a failover takes about 4 s) and allow 5 s per command. Nobody waits on the worker's answer, and
    /// every loop retries with backoff on failure, so riding a failover out costs less than failing, logging and
    /// retrying each batch; its scripts (flushing and claiming up to thousands of entries) may also outlast a
    /// request-sized timeout under load.
    /// </summary>
    RideOut,
}
