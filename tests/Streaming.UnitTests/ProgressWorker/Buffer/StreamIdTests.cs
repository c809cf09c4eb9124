using Streaming.ProgressWorker.Buffer;

namespace Streaming.UnitTests.ProgressWorker.Buffer;

public class StreamIdTests
{
    [Theory]
    [InlineData("1700000000000-0", 1700000000000, 0)]
    [InlineData("1700000000000-42", 1700000000000, 42)]
    [InlineData("0-0", 0, 0)]
    public void Parses_milliseconds_and_sequence(string id, long milliseconds, long sequence)
    {
        var parsed = StreamId.Parse(id);

        Assert.Equal(new StreamId(milliseconds, sequence), parsed);
        Assert.Equal(id, parsed.ToString());
    }

    [Fact]
    public void Orders_by_time_then_sequence_numerically_not_as_text()
    {
        Assert.True(StreamId.Parse("9-0").CompareTo(StreamId.Parse("10-0")) < 0);
        Assert.True(StreamId.Parse("10-9").CompareTo(StreamId.Parse("10-10")) < 0);
        Assert.Equal(StreamId.Parse("10-9"), StreamId.Min(StreamId.Parse("10-10"), StreamId.Parse("10-9")));
    }
}
