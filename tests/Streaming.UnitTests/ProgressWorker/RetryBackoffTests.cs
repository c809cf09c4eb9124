using Streaming.ProgressWorker;

namespace Streaming.UnitTests.ProgressWorker;

public class RetryBackoffTests
{
    [Fact]
    public void Doubles_up_to_the_ceiling_and_starts_over_after_a_reset()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(500));

        Assert.Equal([100, 200, 400, 500, 500], Enumerable.Range(0, 5).Select(_ => backoff.Next().TotalMilliseconds));
        backoff.Reset();
        Assert.Equal(100, backoff.Next().TotalMilliseconds);
    }
}
