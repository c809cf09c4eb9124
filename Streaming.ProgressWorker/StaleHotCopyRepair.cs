using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.ProgressWorker;

/// <summary>
/// The API orders updates against the hot copy, so an update older than the stored progress only reaches the
/// buffer when the hot copy had expired (a player syncing long-offline progress). The table refuses it, but the
/// API had already put it into the (empty) hot copy, where readers would see the older position until the TTL
/// ran out. This removes such a hot copy, only while it still holds exactly that refused update, so reads fall
/// back to PostgreSQL; a newer update written in the meantime is left alone.
/// </summary>
public sealed class StaleHotCopyRepair(IConnectionMultiplexer redis)
{
    // KEYS: hot copies. ARGV: the refused event times (ms), one per key.
    private const string Script = """
        local removed = 0
        for i, key in ipairs(KEYS) do
          if redis.call('HGET', key, 't') == ARGV[i] then
            redis.call('DEL', key)
            removed = removed + 1
          end
        end
        return removed
        """;

    public async Task<int> RemoveAsync(IReadOnlyList<ProgressUpdate> refused)
    {
        if (refused.Count == 0)
        {
            return 0;
        }
        var keys = refused.Select(update => (RedisKey)ProgressBuffer.HotKey(update.UserId, update.MovieId)).ToArray();
        var times = refused.Select(update => (RedisValue)update.EventTimeMs).ToArray();
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(Script, keys, times);
    }
}
