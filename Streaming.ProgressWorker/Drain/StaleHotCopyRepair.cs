using StackExchange.Redis;
using Streaming.Core.Progress;
using Streaming.ProgressWorker.Buffer;

namespace Streaming.ProgressWorker.Drain;

/// <summary>
/// The API orders updates against the hot copy, so an update older than the stored progress only reaches the
/// buffer when the hot copy had expired (a player syncing long-offline progress). The table refuses it, but the
/// API had already put it into the (empty) hot copy, where readers would see the older position until the TTL
/// ran out. This removes such a hot copy, only while it still holds exactly that refused update, so reads fall
/// back to PostgreSQL; a newer update written in the meantime is left alone. One script per shard (one slot each).
/// </summary>
public sealed class StaleHotCopyRepair(IConnectionMultiplexer redis, ProgressLayout layout)
{
    public async Task<int> RemoveAsync(IReadOnlyList<ProgressUpdate> refused)
    {
        var database = redis.GetDatabase();
        var removed = await Task.WhenAll(refused.GroupBy(update => layout.ShardOf(update.UserId)).Select(async shard =>
        {
            var keys = shard.Select(update => (RedisKey)shard.Key.HotKey(update.UserId, update.MovieId)).ToArray();
            var times = shard.Select(update => (RedisValue)update.EventTimeMs).ToArray();
            return (int)await database.ScriptEvaluateAsync(ProgressScripts.Repair, keys, times);
        }));
        return removed.Sum();
    }
}
