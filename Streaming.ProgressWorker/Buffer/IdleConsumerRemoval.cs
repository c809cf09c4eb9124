using StackExchange.Redis;

namespace Streaming.ProgressWorker.Buffer;

/// <summary>
/// Removes consumers that hold no pending entry and have been idle for an hour: every process has its own
/// consumer name, so a killed worker leaves one behind each time. The check and the removal run in one script,
/// so a consumer that holds anything is never removed (removing it would drop its pending entries); a live
/// consumer that happens to be removed is recreated by its next read.
/// </summary>
public static class IdleConsumerRemoval
{
    public static readonly TimeSpan IdleFor = TimeSpan.FromHours(1);

    private const string Script = """
        local removed = 0
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local info = {}
          for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
          if info['pending'] == 0 and info['idle'] > tonumber(ARGV[2]) then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
            removed = removed + 1
          end
        end
        return removed
        """;

    public static async Task<int> RemoveAsync(IDatabase database, string streamKey, string group) =>
        (int)await database.ScriptEvaluateAsync(Script, [streamKey], [group, (long)IdleFor.TotalMilliseconds]);
}
