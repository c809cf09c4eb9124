using System.Text;
using Streaming.Core.Progress;

namespace Streaming.UnitTests.Core.Progress;

/// <summary>The slot computation matches Redis's <c>CLUSTER KEYSLOT</c> (the expected values are what redis-server 7.0 answers).</summary>
public class HashSlotTests
{
    [Fact]
    public void Crc16_is_xmodem() => Assert.Equal(0x31C3, HashSlot.Crc16(Encoding.ASCII.GetBytes("123456789")));

    [Theory]
    [InlineData("123456789", 12739)]
    [InlineData("foo", 12182)]
    [InlineData("bar", 5061)]
    [InlineData("", 0)]
    public void Slots_are_those_redis_reports(string key, int slot) => Assert.Equal(slot, HashSlot.Of(key));

    [Fact]
    public void Keys_sharing_a_hash_tag_share_a_slot()
    {
        Assert.Equal(HashSlot.Of("{user1000}.following"), HashSlot.Of("{user1000}.followers"));
        Assert.Equal(HashSlot.Of("user1000"), HashSlot.Of("{user1000}.following"));
    }

    [Theory]
    [InlineData("foo{}{bar}", 8363)]    // an empty first tag: the whole key is hashed
    [InlineData("foo{{bar}}zap", 4015)] // the tag runs from the first { to the next }: "{bar"
    [InlineData("foo{bar}{zap}", 5061)] // only the first tag counts: "bar"
    public void The_hash_tag_rule_is_redis_rule(string key, int slot) => Assert.Equal(slot, HashSlot.Of(key));
}
