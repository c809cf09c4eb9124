using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Streaming.Core.Progress;

/// <summary>
/// How progress is spread over Redis: <see cref="ShardsSetting"/> shards (read by the API and the worker from here),
/// a user's keys all in the shard of a stable hash of the user id. Each shard's hash tag is the first
/// <c>s&lt;i&gt;.&lt;k&gt;</c> whose slot falls in the i-th of N equal ranges of 0..16383, so the shards' slots are
/// spread evenly over a cluster's masters whatever the number of masters.
/// <para>
/// Changing the number of shards moves every user to other keys: stop the API, let the worker drain (every due
/// set empty, every group acknowledged), then change it for the API and the worker together.
/// </para>
/// </summary>
public sealed class ProgressLayout
{
    public const string ShardsSetting = "PROGRESS_BUFFER_SHARDS";
    public const int DefaultShards = 16;

    /// <summary>Beyond this, slot ranges get too narrow to be worth it (and the tag search slow).</summary>
    public const int MaxShards = 1024;

    public ProgressLayout(int shards)
    {
        if (shards is < 1 or > MaxShards)
        {
            throw new InvalidOperationException($"{ShardsSetting} must be between 1 and {MaxShards} (was {shards}).");
        }
        Shards = Enumerable.Range(0, shards).Select(i => new ProgressShard(i, TagFor(i, shards))).ToArray();
    }

    public IReadOnlyList<ProgressShard> Shards { get; }

    public static ProgressLayout From(IConfiguration configuration)
    {
        var value = configuration[ShardsSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new ProgressLayout(DefaultShards);
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var shards)
            ? new ProgressLayout(shards)
            : throw new InvalidOperationException($"{ShardsSetting} must be a whole number (was '{value}').");
    }

    public ProgressShard ShardOf(Guid userId) => Shards[(int)(StableHash(userId) % (uint)Shards.Count)];

    /// <summary>
    /// FNV-1a (32 bits) of the id's 16 bytes in RFC 4122 order: the same on every process, platform and version
    /// (unlike <see cref="Guid.GetHashCode"/>), and it mixes every byte, so time-ordered ids spread too.
    /// </summary>
    public static uint StableHash(Guid userId)
    {
        Span<byte> bytes = stackalloc byte[16];
        userId.TryWriteBytes(bytes, bigEndian: true, out _);
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }

    /// <summary>The first tag <c>s&lt;index&gt;.&lt;k&gt;</c> whose slot is in [index*16384/N, (index+1)*16384/N).</summary>
    public static string TagFor(int index, int shards)
    {
        var low = index * HashSlot.Count / shards;
        var high = (index + 1) * HashSlot.Count / shards;
        for (var k = 0; ; k++)
        {
            var tag = string.Create(CultureInfo.InvariantCulture, $"s{index}.{k}");
            var slot = HashSlot.Of(tag);
            if (slot >= low && slot < high)
            {
                return tag;
            }
        }
    }
}
