namespace Streaming.ProgressWorker;

/// <summary>Doubling delays from 100 ms up to a ceiling, reset after a success.</summary>
public sealed class RetryBackoff(TimeSpan maxDelay)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);

    private TimeSpan _next = FirstDelay;

    public TimeSpan Next()
    {
        var delay = _next < maxDelay ? _next : maxDelay;
        _next = delay * 2;
        return delay;
    }

    public void Reset() => _next = FirstDelay;
}
