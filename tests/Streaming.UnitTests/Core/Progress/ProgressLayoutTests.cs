using Microsoft.Extensions.Configuration;
using Streaming.Core.Progress;

namespace Streaming.UnitTests.Core.Progress;

/// <summary>
/// Every script stays in one Redis Cluster slot, and the shards spread users and slots evenly, so the layout runs
/// on a cluster and scales with its masters.
/// </summary>
public class ProgressLayoutTests
{
    private static readonly ProgressLayout Layout = new(ProgressLayout.DefaultShards);

    [Fact]
    public void Every_key_the_write_script_touches_for_a_user_is_in_one_slot()
    {
        for (var i = 0; i < 500; i++)
        {
            var (user, movie) = (Guid.NewGuid(), Guid.NewGuid());
            var shard = Layout.ShardOf(user);
            // The KEYS of ProgressWrite.lua, in the order ProgressWriteCall passes them.
            AssertOneSlot(shard.HotKey(user, movie), shard.StreamKey, shard.SessionKey(user, movie),
                shard.UserRateKey(user, "progress"), shard.DueKey, shard.StartedSessionKey(user, movie, Guid.NewGuid()));
        }
    }

    [Fact]
    public void Every_key_the_flush_script_touches_is_in_the_slot_of_its_shard()
    {
        foreach (var shard in Layout.Shards)
        {
            // ProgressFlush.lua reads hot copies it builds from the prefix and the due set's members.
            var members = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).Where(user => Layout.ShardOf(user) == shard)
                .Select(user => shard.HotKeyPrefix + ProgressShard.TitleMember(user, Guid.NewGuid()));
            AssertOneSlot([shard.DueKey, shard.StreamKey, shard.MarksKey, .. members]);
        }
    }

    [Fact]
    public void The_hot_key_is_the_prefix_and_the_title_member_the_flush_script_parses()
    {
        var (user, movie) = (Guid.NewGuid(), Guid.NewGuid());
        var shard = Layout.ShardOf(user);
        Assert.Equal(shard.HotKeyPrefix + $"{user:N}:{movie:N}", shard.HotKey(user, movie));
        Assert.Matches("^[0-9a-f]{32}:[0-9a-f]{32}$", ProgressShard.TitleMember(user, movie));
    }

    [Fact]
    public void The_repair_script_keys_of_one_shard_share_a_slot_and_the_user_limits_of_start_and_stop_are_in_the_users_slot()
    {
        var users = Enumerable.Range(0, 2000).Select(_ => Guid.NewGuid()).ToList();
        foreach (var group in users.GroupBy(Layout.ShardOf))
        {
            AssertOneSlot(group.Select(user => group.Key.HotKey(user, Guid.NewGuid())).ToArray());
        }
        foreach (var user in users.Take(100))
        {
            var shard = Layout.ShardOf(user);
            AssertOneSlot(shard.HotKey(user, Guid.NewGuid()), shard.UserRateKey(user, "start"), shard.UserRateKey(user, "stop"));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(100)]
    public void Shard_i_has_a_slot_in_the_ith_of_n_equal_ranges(int shards)
    {
        var layout = new ProgressLayout(shards);
        Assert.Equal(shards, layout.Shards.Select(shard => shard.Tag).Distinct().Count());
        foreach (var shard in layout.Shards)
        {
            var slot = HashSlot.Of(shard.StreamKey);
            Assert.InRange(slot, shard.Index * HashSlot.Count / shards, (shard.Index + 1) * HashSlot.Count / shards - 1);
        }
    }

    [Fact]
    public void The_default_shards_spread_over_three_masters_evenly()
    {
        // redis-cli --cluster create gives 3 masters the ranges 0-5460, 5461-10922, 10923-16383.
        var perMaster = Layout.Shards.GroupBy(shard => HashSlot.Of(shard.StreamKey) switch { <= 5460 => 0, <= 10922 => 1, _ => 2 })
            .ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(3, perMaster.Count);
        Assert.All(perMaster.Values, count => Assert.InRange(count, 5, 6));
    }

    [Fact]
    public void A_few_thousand_users_spread_over_the_shards_within_twice_the_mean()
    {
        var counts = new int[Layout.Shards.Count];
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            counts[Layout.ShardOf(new Guid(bytes)).Index]++;
        }
        // Time-ordered ids (UUIDv7) differ mostly in a few bytes: the hash still spreads them.
        var ordered = new int[Layout.Shards.Count];
        for (var i = 0; i < 5000; i++)
        {
            ordered[Layout.ShardOf(Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddMilliseconds(i))).Index]++;
        }
        var mean = 5000.0 / Layout.Shards.Count;
        Assert.All(counts, count => Assert.InRange(count, mean / 2, mean * 2));
        Assert.All(ordered, count => Assert.InRange(count, mean / 2, mean * 2));
    }

    [Fact]
    public void A_user_always_maps_to_the_same_shard_on_every_process()
    {
        // Pinned (bench/progress/layout.py check prints the same): a change of the hash or the tags would silently
        // move every user to other keys, stranding their hot copies and buffered updates.
        var user = Guid.Parse("7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c01");
        Assert.Equal(3042414662u, ProgressLayout.StableHash(user));
        Assert.Equal("s6.40", Layout.ShardOf(user).Tag);
        Assert.Equal(
            ["s0.10", "s1.13", "s2.23", "s3.20", "s4.0", "s5.3", "s6.40", "s7.43", "s8.23", "s9.20", "s10.22", "s11.21", "s12.2", "s13.1", "s14.41", "s15.42"],
            Layout.Shards.Select(shard => shard.Tag));
    }

    [Theory]
    [InlineData(null, 16)]
    [InlineData("4", 4)]
    public void The_shard_count_is_read_from_its_setting(string? value, int expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ProgressLayout.ShardsSetting] = value }).Build();
        Assert.Equal(expected, ProgressLayout.From(configuration).Shards.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("2000")]
    [InlineData("many")]
    public void A_bad_shard_count_stops_the_start_naming_the_setting(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ProgressLayout.ShardsSetting] = value }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => ProgressLayout.From(configuration));
        Assert.Contains(ProgressLayout.ShardsSetting, error.Message);
    }

    private static void AssertOneSlot(params string[] keys)
    {
        var slots = keys.Select(HashSlot.Of).Distinct().ToList();
        Assert.True(slots.Count == 1, $"keys span slots {string.Join(", ", slots)}: {string.Join(" ", keys)}");
    }
}
