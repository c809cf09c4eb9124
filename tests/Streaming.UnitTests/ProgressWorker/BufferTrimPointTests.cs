using Streaming.ProgressWorker;

namespace Streaming.UnitTests.ProgressWorker;

public class BufferTrimPointTests
{
    [Fact]
    public void A_group_with_pending_entries_keeps_its_oldest_pending_entry()
    {
        var point = BufferTrimPoint.Compute([new GroupPosition(StreamId.Parse("500-0"), StreamId.Parse("200-3"))]);

        Assert.Equal(StreamId.Parse("200-3"), point);
    }

    [Fact]
    public void A_group_with_nothing_pending_needs_nothing_before_its_last_delivered_entry()
    {
        var point = BufferTrimPoint.Compute([new GroupPosition(StreamId.Parse("500-0"), null)]);

        Assert.Equal(StreamId.Parse("500-0"), point);
    }

    [Fact]
    public void The_slowest_group_decides()
    {
        var point = BufferTrimPoint.Compute([
            new GroupPosition(StreamId.Parse("900-0"), null),
            new GroupPosition(StreamId.Parse("700-0"), StreamId.Parse("300-1")),
        ]);

        Assert.Equal(StreamId.Parse("300-1"), point);
    }

    [Fact]
    public void Entries_delivered_after_the_group_position_was_read_are_not_trimmed()
    {
        // Read in this order: last-delivered-id 500-0, then the pending list, which by then starts at 600-0
        // because everything up to 500-0 was acknowledged and 600-0 was delivered in between.
        var point = BufferTrimPoint.Compute([new GroupPosition(StreamId.Parse("500-0"), StreamId.Parse("600-0"))]);

        Assert.Equal(StreamId.Parse("500-0"), point);
    }

    [Fact]
    public void Without_groups_nothing_is_trimmed() => Assert.Equal(StreamId.Zero, BufferTrimPoint.Compute([]));
}
