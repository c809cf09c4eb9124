using System.Net;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.RedisCluster;

/// <summary>Users' keys land on every master: no master carries much more than its share of the viewers.</summary>
[Collection(RedisClusterCollection.Name)]
[Trait(Suites.Trait, Suites.Extended)]
public sealed class KeySpreadTests(RedisClusterApp app)
{
    private const int Users = 3000;

    [Fact]
    public async Task Keys_of_a_few_thousand_users_spread_over_every_master_none_holding_more_than_twice_its_share()
    {
        await using var redis = await ClusterNodes.ConnectAsync(app);
        var movieId = await MediaBucket.UploadTitleAsync(app);
        var before = await KeysPerMasterAsync(redis);

        using var throttle = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, Users).Select(async _ =>
        {
            await throttle.WaitAsync();
            try
            {
                using var viewer = new Viewer(app, Guid.NewGuid());
                using var response = await viewer.ReportProgressAsync(movieId, 60);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            finally
            {
                throttle.Release();
            }
        }));

        var after = await KeysPerMasterAsync(redis);
        var added = after.ToDictionary(master => master.Key, master => master.Value - before.GetValueOrDefault(master.Key));
        Assert.Equal(3, added.Count);
        var share = added.Values.Sum() / (double)added.Count;
        Assert.True(added.Values.Sum() >= Users, $"at least one key per user: {added.Values.Sum()}");
        Assert.All(added, master => Assert.True(master.Value > 0 && master.Value <= 2 * share,
            $"{master.Key} holds {master.Value} of {added.Values.Sum()} new keys (share {share:F0}): {string.Join(", ", added.Select(m => $"{m.Key}={m.Value}"))}"));
    }

    /// <summary>DBSIZE of each master that serves slots, by its address.</summary>
    private static async Task<Dictionary<string, long>> KeysPerMasterAsync(StackExchange.Redis.ConnectionMultiplexer redis)
    {
        var masters = (await ClusterNodes.ConfigurationAsync(redis)).Nodes.Where(node => !node.IsReplica && node.Slots.Count > 0);
        var sizes = new Dictionary<string, long>();
        foreach (var master in masters)
        {
            sizes[master.EndPoint!.ToString()!] = await redis.GetServer(master.EndPoint!).DatabaseSizeAsync();
        }
        return sizes;
    }
}
