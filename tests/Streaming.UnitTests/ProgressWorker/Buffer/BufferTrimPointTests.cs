using Streaming.ProgressWorker.Buffer;

namespace Streaming.UnitTests.ProgressWorker.Buffer;

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

    private static readonly GroupPosition PersistDone = new(StreamId.Parse("900-0"), null);

    [Fact]
    public void A_bounded_group_within_its_bound_is_waited_for_and_nothing_is_dropped()
    {
        var trim = BufferTrimPoint.Compute([PersistDone], [new GroupPosition(StreamId.Parse("400-0"), StreamId.Parse("300-0"))], boundedFloor: StreamId.Parse("200-0"));

        Assert.Equal(new BufferTrim(StreamId.Parse("300-0"), StreamId.Parse("300-0")), trim);
        Assert.False(trim.DropsEntries);
    }

    [Fact]
    public void A_bounded_group_behind_its_bound_loses_its_entries_below_the_bound()
    {
        // Kafka down: the events group still holds 300-0; persisting went on to 900-0; the bound falls at 700-0.
        var trim = BufferTrimPoint.Compute([PersistDone], [new GroupPosition(StreamId.Parse("400-0"), StreamId.Parse("300-0"))], boundedFloor: StreamId.Parse("700-0"));

        Assert.Equal(StreamId.Parse("300-0"), trim.Safe);
        Assert.Equal(StreamId.Parse("700-0"), trim.Point);
        Assert.True(trim.DropsEntries);
    }

    [Fact]
    public void The_bound_never_trims_what_the_persist_group_still_needs()
    {
        // PostgreSQL is behind as well: its oldest pending entry 500-0 stays although the bound falls at 700-0.
        var trim = BufferTrimPoint.Compute(
            [new GroupPosition(StreamId.Parse("800-0"), StreamId.Parse("500-0"))],
            [new GroupPosition(StreamId.Parse("400-0"), StreamId.Parse("300-0"))],
            boundedFloor: StreamId.Parse("700-0"));

        Assert.Equal(new BufferTrim(StreamId.Parse("300-0"), StreamId.Parse("500-0")), trim);
    }

    [Fact]
    public void A_persist_group_far_behind_keeps_everything_it_needs_whatever_the_bound()
    {
        // PostgreSQL down, Kafka fine: the events group published up to 900-0; nothing past the persist group goes.
        var trim = BufferTrimPoint.Compute(
            [new GroupPosition(StreamId.Parse("100-0"), StreamId.Parse("50-0"))],
            [new GroupPosition(StreamId.Parse("900-0"), null)],
            boundedFloor: StreamId.Parse("700-0"));

        Assert.Equal(new BufferTrim(StreamId.Parse("50-0"), StreamId.Parse("50-0")), trim);
        Assert.False(trim.DropsEntries);
    }

    [Fact]
    public void Without_a_bounded_group_only_the_persist_group_decides()
    {
        var trim = BufferTrimPoint.Compute([PersistDone], [], boundedFloor: StreamId.Parse("999-0"));

        Assert.Equal(new BufferTrim(StreamId.Parse("900-0"), StreamId.Parse("900-0")), trim);
    }
}
