namespace Streaming.Core.Progress;

/// <summary>
/// The fixed-window counter of every limit, defined once in FixedWindowCounter.lua: a key counts the requests of the
/// current window, the first request starts the window (INCR, then PEXPIRE), a request beyond the limit is refused
/// with the key's PTTL, and a refund gives one back. The progress write counts a title's and a user's updates with
/// it inside its own script (no extra round trip); the API's per-user limits count starts, stops and progress with
/// <see cref="Acquire"/> and <see cref="Refund"/>. Every key is one of the user's shard (<see cref="ProgressShard"/>).
/// </summary>
public static class FixedWindowCounter
{
    /// <summary>The Lua functions <c>fixedWindowAcquire</c> and <c>fixedWindowRefund</c>, to put before a script's body.</summary>
    public static readonly string Functions = EmbeddedScript.Load("FixedWindowCounter.lua");

    /// <summary>KEYS[1] the counter; ARGV[1] the limit, ARGV[2] the window (ms). Returns -1 when allowed, else the wait in ms.</summary>
    public static readonly string Acquire = Functions + "return fixedWindowAcquire(KEYS[1], tonumber(ARGV[1]), ARGV[2]) or -1\n";

    /// <summary>KEYS[1] the counter. Returns 0.</summary>
    public static readonly string Refund = Functions + "fixedWindowRefund(KEYS[1])\nreturn 0\n";
}
