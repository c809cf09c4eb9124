using System.Collections.Concurrent;

namespace Streaming.Api.Titles;

/// <summary>
/// One lookup per key at a time: callers that miss the same cache entry at once share the first caller's lookup
/// instead of each asking S3 and PostgreSQL. (A cold start of 300 viewers on 20 titles made a manifest request and a
/// database round trip per viewer, which pushed starts past their deadline: 503s.) The shared lookup runs without any
/// one caller's cancellation; each caller stops waiting at its own.
/// </summary>
public sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _running = new();

    public Task<TValue> RunAsync(TKey key, Func<Task<TValue>> lookup, CancellationToken cancellationToken)
    {
        var flight = _running.GetOrAdd(key, _ => new Lazy<Task<TValue>>(() => RunThenForgetAsync(key, lookup)));
        return flight.Value.WaitAsync(cancellationToken);
    }

    private async Task<TValue> RunThenForgetAsync(TKey key, Func<Task<TValue>> lookup)
    {
        try
        {
            return await lookup();
        }
        finally
        {
            // Failures are not kept either: the next caller looks again.
            _running.TryRemove(key, out _);
        }
    }
}
