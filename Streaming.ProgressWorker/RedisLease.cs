using StackExchange.Redis;

namespace Streaming.ProgressWorker;

/// <summary>A lease in Redis held by one owner at a time; it lapses on its own when the owner dies.</summary>
public sealed class RedisLease(IDatabase database, RedisKey key, string owner, TimeSpan ttl)
{
    private const string RenewScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    public TimeSpan Ttl => ttl;

    public Task<bool> TryAcquireAsync() => database.StringSetAsync(key, owner, ttl, When.NotExists);

    public async Task<bool> RenewAsync() =>
        (long)await database.ScriptEvaluateAsync(RenewScript, [key], [owner, (long)ttl.TotalMilliseconds]) == 1;

    public Task ReleaseAsync() => database.ScriptEvaluateAsync(ReleaseScript, [key], [owner]);
}
