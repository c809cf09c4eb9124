using System.Diagnostics;
using Amazon.S3;
using Npgsql;
using StackExchange.Redis;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// The one way a test waits: poll a condition until it holds, with a generous timeout that only bounds a failing test.
/// A test never asserts that something happened within a wall-clock window (a loaded machine can miss any window);
/// it waits for the state that proves it.
/// </summary>
public static class Eventually
{
    /// <summary>A timeout no working system comes near, also on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Polls until the condition holds or the timeout passes (then fails with what was awaited).</summary>
    /// <param name="every">How often to look (200 ms unless a condition that sends requests must respect a rate limit).</param>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null) =>
        ValueAsync(condition, value => value, timeout, what, every);

    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, TimeSpan, string, TimeSpan?)"/>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? every = null) => TrueAsync(condition, Generous, what, every);

    /// <summary>Polls until a read value satisfies <paramref name="accept"/>, and returns it (for assertions on it).</summary>
    /// <param name="describe">How a failure shows the last value read (its ToString unless given).</param>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan timeout, string what, TimeSpan? every = null,
        Func<T, string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        var seen = default(T);
        while (clock.Elapsed < timeout)
        {
            try
            {
                seen = await read();
                if (accept(seen))
                {
                    return seen;
                }
                last = null;
            }
            catch (Exception ex) when (ex is NpgsqlException or RedisException or HttpRequestException or TimeoutException or AmazonS3Exception
                                           or TaskCanceledException)
            {
                last = ex;
            }
            await Task.Delay(every ?? PollInterval);
        }
        Assert.Fail($"Timed out after {timeout} waiting until {what}. Last seen: {(seen is null ? "nothing" : describe?.Invoke(seen) ?? seen.ToString())}."
            + (last is null ? "" : $" Last error: {last.Message}"));
        return seen!;
    }

    /// <inheritdoc cref="ValueAsync{T}(Func{Task{T}}, Func{T, bool}, TimeSpan, string, TimeSpan?, Func{T, string}?)"/>
    public static Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> accept, string what, TimeSpan? every = null,
        Func<T, string>? describe = null) =>
        ValueAsync(read, accept, Generous, what, every, describe);
}
