using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;
using Streaming.Api.Dependencies;
using Streaming.Api.Manifests;
using Streaming.Api.Storage;

namespace Streaming.Api.Playback;

/// <summary>
/// Rewritten manifests per movie, path and signature window (which the credential's expiry determines, not its
/// session): the same bytes for everyone whose credential expires at the same bucket boundary, computed once
/// (concurrent misses share one computation) and dropped when the links expire or the current bucket ends, whichever
/// is first, or when <c>PLAYBACK_MANIFEST_CACHE_MB</c> is full (counted by <c>streaming.playback.manifest_cache.evictions</c>).
/// At most one cold rewrite per processor runs at once; more wait (within the request deadline) instead of
/// saturating the CPU. Only answers are kept: a failed computation is forgotten at once.
/// </summary>
public sealed class RewrittenManifestCache : IDisposable
{
    public const string SizeSetting = "PLAYBACK_MANIFEST_CACHE_MB";
    public const int DefaultSizeMegabytes = 256;

    /// <summary>A manifest that is not there yet may be uploaded any moment; "not found" is kept only this long.</summary>
    public static readonly TimeSpan NotFoundLifetime = TimeSpan.FromSeconds(5);

    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<Key, Lazy<Task<string?>>> _computing = new();
    private readonly SemaphoreSlim _rewrites = new(Environment.ProcessorCount);
    private readonly Meter _meter = new("Streaming.Api.Playback");
    private readonly Counter<long> _evictions;
    private readonly MediaStorage _storage;
    private readonly PlaybackSigningOptions _signing;
    private readonly RequestDeadline _deadline;
    private readonly TimeProvider _time;

    public RewrittenManifestCache(MediaStorage storage, PlaybackSigningOptions signing, RequestDeadline deadline, TimeProvider time, IConfiguration configuration)
    {
        var megabytes = configuration.GetValue(SizeSetting, DefaultSizeMegabytes);
        if (megabytes < 1)
        {
            throw new InvalidOperationException($"{SizeSetting} must be at least 1 (was {megabytes}).");
        }
        _cache = new(new MemoryCacheOptions { SizeLimit = megabytes * 1024L * 1024 });
        _evictions = _meter.CreateCounter<long>("streaming.playback.manifest_cache.evictions", description: "Rewritten manifests dropped because the cache was full.");
        (_storage, _signing, _deadline, _time) = (storage, signing, deadline, time);
    }

    private sealed record Key(Guid MovieId, string Path, SignatureWindow Window);

    /// <summary>The rewritten text, or null for "no such manifest" (kept apart from a missing cache entry).</summary>
    private sealed record Answer(string? Text);

    /// <summary>The manifest with every segment link presigned for <paramref name="window"/>, or null when the manifest does not exist.</summary>
    public async Task<string?> GetAsync(Guid movieId, string path, SignatureWindow window, CancellationToken cancellationToken)
    {
        var key = new Key(movieId, path, window);
        if (_cache.TryGetValue(key, out Answer? answer))
        {
            return answer!.Text;
        }
        var computation = _computing.GetOrAdd(key, k => new Lazy<Task<string?>>(() => ComputeAsync(k)));
        // Each caller waits only as long as it wants to; the shared computation is not tied to any of them.
        return await computation.Value.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs once per key at a time, bounded by its own timeout (the request deadline) rather than by whichever request
    /// started it: a requester that gives up neither cancels it for the others nor leaves it running forever.
    /// </summary>
    private async Task<string?> ComputeAsync(Key key)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_deadline.Duration);
            string? text;
            try
            {
                var original = await _storage.ReadTextAsync($"movies/{key.MovieId:D}/{key.Path}", timeout.Token);
                text = original is null ? null : await RewriteBoundedAsync(original, key, timeout.Token);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"{key.Path} could not be read and rewritten within {_deadline.Describe()}.", ex);
            }
            var now = _time.GetUtcNow();
            var reusableUntil = key.Window.ReusableUntil(now, _signing.Bucket);
            var notFoundEnd = now + NotFoundLifetime;
            var options = new MemoryCacheEntryOptions
            {
                Size = (text?.Length ?? 0) * 2 + 64,
                AbsoluteExpiration = text is null && notFoundEnd < reusableUntil ? notFoundEnd : reusableUntil,
            };
            options.RegisterPostEvictionCallback((_, _, reason, _) =>
            {
                if (reason == EvictionReason.Capacity)
                {
                    _evictions.Add(1);
                }
            });
            _cache.Set(key, new Answer(text), options);
            return text;
        }
        finally
        {
            // Success is in the cache by now; a failure is simply not remembered.
            _computing.TryRemove(key, out _);
        }
    }

    private async Task<string> RewriteBoundedAsync(string original, Key key, CancellationToken cancellationToken)
    {
        await _rewrites.WaitAsync(cancellationToken);
        try
        {
            return Rewrite(original, key.MovieId, key.Path, key.Window);
        }
        finally
        {
            _rewrites.Release();
        }
    }

    public string Rewrite(string original, Guid movieId, string path, SignatureWindow window)
    {
        var links = new ManifestLinks(movieId, _storage.Presigner.Batch(window.SignedAt, window.Lifetime));
        return path.EndsWith(".mpd", StringComparison.OrdinalIgnoreCase)
            ? DashManifestRewriter.Rewrite(original, path, links)
            : HlsPlaylistRewriter.Rewrite(original, path, links);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _rewrites.Dispose();
        _meter.Dispose();
    }
}
