using Streaming.ProgressWorker.Buffer;
using Streaming.ProgressWorker.Drain;

namespace Streaming.UnitTests.ProgressWorker.Drain;

public class NewestProgressTests
{
    private static readonly Guid UserA = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid UserB = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Movie1 = Guid.Parse("10000000-0000-0000-0000-000000000001");
    private static readonly Guid Movie2 = Guid.Parse("10000000-0000-0000-0000-000000000002");

    private static long _sequence;

    private static ProgressUpdate Update(Guid user, Guid movie, int position, long time) =>
        new(new StreamId(1_000, Interlocked.Increment(ref _sequence)), user, movie, position, time, Guid.NewGuid(), null);

    [Fact]
    public void Keeps_the_newest_update_of_each_user_and_title_even_when_an_older_one_arrives_later()
    {
        var rows = NewestProgress.PerTitle([
            Update(UserA, Movie1, 10, time: 1_000),
            Update(UserA, Movie1, 30, time: 3_000),
            Update(UserA, Movie1, 20, time: 2_000),
        ]);

        var row = Assert.Single(rows);
        Assert.Equal(30, row.PositionSeconds);
        Assert.Equal(3_000, row.EventTimeMs);
    }

    [Fact]
    public void On_equal_event_times_the_later_entry_wins()
    {
        var rows = NewestProgress.PerTitle([
            Update(UserA, Movie1, 10, time: 1_000),
            Update(UserA, Movie1, 11, time: 1_000),
        ]);

        Assert.Equal(11, Assert.Single(rows).PositionSeconds);
    }

    [Fact]
    public void Returns_one_row_per_key_sorted_by_user_then_title()
    {
        var rows = NewestProgress.PerTitle([
            Update(UserB, Movie2, 1, time: 1),
            Update(UserA, Movie2, 2, time: 1),
            Update(UserB, Movie1, 3, time: 1),
            Update(UserA, Movie1, 4, time: 1),
            Update(UserB, Movie2, 5, time: 2),
        ]);

        Assert.Equal(
            [(UserA, Movie1), (UserA, Movie2), (UserB, Movie1), (UserB, Movie2)],
            rows.Select(row => (row.UserId, row.MovieId)));
        Assert.Equal(5, rows[^1].PositionSeconds);
    }

    [Fact]
    public void An_empty_batch_has_no_rows() => Assert.Empty(NewestProgress.PerTitle([]));
}
