using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Streaming.Api.Dependencies;
using Streaming.Api.Storage;

namespace Streaming.Api.Playback;

/// <summary>
/// Rewritten manifests per movie, path and signature window (which the links' expiry determines): the same bytes for
/// everyone whose link expires at the same bucket boundary, computed once (concurrent misses share one computation)
/// and dropped when the links expire or the current bucket ends, whichever is first.
/// Only answers are kept: a failed computation is forgotten at once, so the next request tries storage again.
/// </summary>
public sealed class RewrittenManifestCache(MediaStorage storage, PlaybackSigningOptions signing, ManifestUrlSigner signature, RequestDeadline deadline, TimeProvider time)
{
    /// <summary>A manifest that is not there yet may be uploaded any moment; "not found" is kept only this long.</summary>
    public static readonly TimeSpan NotFoundLifetime = TimeSpan.FromSeconds(5);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256L * 1024 * 1024 });
    private readonly ConcurrentDictionary<Key, Lazy<Task<string?>>> _computing = new();

    private sealed record Key(Guid MovieId, string Path, SignatureWindow Window);

    /// <summary>The rewritten text, or null for "no such manifest" (kept apart from a missing cache entry).</summary>
    private sealed record Answer(string? Text);

    /// <summary>The manifest with every link signed for <paramref name="window"/>, or null when the manifest does not exist.</summary>
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
            using var timeout = new CancellationTokenSource(deadline.Duration);
            string? text;
            try
            {
                text = await RewriteAsync(key.MovieId, key.Path, key.Window, timeout.Token);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Object storage did not return {key.Path} within {deadline.Describe()}.", ex);
            }
            var now = time.GetUtcNow();
            var reusableUntil = key.Window.ReusableUntil(now, signing.Bucket);
            var notFoundEnd = now + NotFoundLifetime;
            _cache.Set(key, new Answer(text), new MemoryCacheEntryOptions
            {
                Size = (text?.Length ?? 0) * 2 + 64,
                AbsoluteExpiration = text is null && notFoundEnd < reusableUntil ? notFoundEnd : reusableUntil,
            });
            return text;
        }
        finally
        {
            // Success is in the cache by now; a failure is simply not remembered.
            _computing.TryRemove(key, out _);
        }
    }

    private async Task<string?> RewriteAsync(Guid movieId, string path, SignatureWindow window, CancellationToken cancellationToken)
    {
        var original = await storage.ReadTextAsync($"movies/{movieId:D}/{path}", cancellationToken);
        return original is null ? null : Rewrite(original, movieId, path, window);
    }

    public string Rewrite(string original, Guid movieId, string path, SignatureWindow window)
    {
        var links = new ManifestLinks(movieId, window, storage.Presigner.Batch(window.SignedAt, window.Lifetime), signature);
        return path.EndsWith(".mpd", StringComparison.OrdinalIgnoreCase)
            ? DashManifestRewriter.Rewrite(original, path, links)
            : HlsPlaylistRewriter.Rewrite(original, path, links);
    }
}
