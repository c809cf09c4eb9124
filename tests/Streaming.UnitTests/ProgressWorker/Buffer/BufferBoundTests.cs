using Streaming.ProgressWorker.Buffer;

namespace Streaming.UnitTests.ProgressWorker.Buffer;

public class BufferBoundTests
{
    [Fact]
    public void The_age_floor_is_the_retention_behind_the_newest_entry() =>
        Assert.Equal(new StreamId(1_700_000_000_000 - 3_600_000, 0), BufferBound.AgeFloor(new StreamId(1_700_000_000_000, 5), TimeSpan.FromHours(1)));

    [Fact]
    public void The_age_floor_of_a_young_stream_trims_nothing() =>
        Assert.Equal(StreamId.Zero, BufferBound.AgeFloor(new StreamId(1_000, 0), TimeSpan.FromHours(1)));

    [Fact]
    public void Keeping_at_most_200_of_1000_entries_keeps_numbers_801_to_1000() =>
        Assert.Equal(801, BufferBound.FirstNumberToKeep(entriesAdded: 1000, length: 1000, maxEntries: 200));

    [Fact]
    public void A_stream_within_the_bound_is_not_cut_by_count_however_many_entries_it_ever_had()
    {
        // 15 entries left of 10,000 ever added: the newest mark (10,000) lies within the newest 200 numbers, but
        // cutting there would drop 14 unpublished events although the buffer is far below its bound.
        Assert.Null(BufferBound.FirstNumberToKeep(entriesAdded: 10_000, length: 15, maxEntries: 200));
        Assert.Null(BufferBound.FirstNumberToKeep(entriesAdded: 10_000, length: 200, maxEntries: 200));
    }

    [Fact]
    public void The_cut_is_the_oldest_mark_that_keeps_the_buffer_within_the_bound()
    {
        BufferMark[] marks = [new(700, StreamId.Parse("70-0")), new(850, StreamId.Parse("85-0")), new(1000, StreamId.Parse("100-0")), new(820, StreamId.Parse("82-0"))];

        // 801..1000 may stay: mark 820 keeps 181 entries (within 200); mark 700 would keep 301.
        Assert.Equal(StreamId.Parse("82-0"), BufferBound.CountFloor(marks, firstToKeep: 801));
    }

    [Fact]
    public void Without_a_mark_inside_the_bound_there_is_no_count_cut() =>
        Assert.Null(BufferBound.CountFloor([new BufferMark(700, StreamId.Parse("70-0"))], firstToKeep: 801));
}
