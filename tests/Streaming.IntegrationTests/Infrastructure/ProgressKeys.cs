using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// The progress layout the test apps run with (the default number of shards), read here as an operator would:
/// a user's keys, and the buffer as the sum of its shard streams.
/// </summary>
public static class ProgressKeys
{
    public static readonly ProgressLayout Layout = new(ProgressLayout.DefaultShards);

    public static string HotKey(Guid userId, Guid movieId) => Layout.ShardOf(userId).HotKey(userId, movieId);

    public static IEnumerable<string> Streams => Layout.Shards.Select(shard => shard.StreamKey);

    /// <summary>Entries in the whole buffer (every shard).</summary>
    public static async Task<long> BufferLengthAsync(IDatabase redis) =>
        (await Task.WhenAll(Streams.Select(stream => redis.StreamLengthAsync(stream)))).Sum();

    /// <summary>Every entry of the whole buffer, shard by shard.</summary>
    public static async Task<StreamEntry[]> BufferEntriesAsync(IDatabase redis) =>
        (await Task.WhenAll(Streams.Select(stream => redis.StreamRangeAsync(stream)))).SelectMany(entries => entries).ToArray();

    /// <summary>A group's entries delivered and not acknowledged, summed over the shards.</summary>
    public static async Task<long> PendingAsync(IDatabase redis, string group) =>
        (await Task.WhenAll(Streams.Select(async stream =>
            (await redis.StreamGroupInfoAsync(stream)).SingleOrDefault(g => g.Name == group).PendingMessageCount))).Sum();
}
