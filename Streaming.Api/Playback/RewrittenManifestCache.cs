using Microsoft.Extensions.Caching.Memory;
using Streaming.Api.Storage;

namespace Streaming.Api.Playback;

/// <summary>
/// Rewritten manifests per movie, path and signature window: the same bytes for every user during a window,
/// computed once (concurrent misses share one computation) and dropped when the window ends.
/// </summary>
public sealed class RewrittenManifestCache(MediaStorage storage, PlaybackSigningOptions signing, ManifestUrlSignature signature)
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256L * 1024 * 1024 });

    private sealed record Key(Guid MovieId, string Path, DateTimeOffset SignedAt);

    /// <summary>The manifest with every link signed for <paramref name="window"/>, or null when the manifest does not exist.</summary>
    public async Task<string?> GetAsync(Guid movieId, string path, SignatureWindow window, CancellationToken cancellationToken)
    {
        var key = new Key(movieId, path, window.SignedAt);
        if (_cache.TryGetValue(key, out Lazy<Task<string?>>? cached))
        {
            return await cached!.Value;
        }
        var created = new Lazy<Task<string?>>(() => RewriteAsync(movieId, path, window, CancellationToken.None));
        using (var entry = _cache.CreateEntry(key))
        {
            entry.Value = created;
            entry.Size = 64 * 1024; // replaced below by the real size
            entry.AbsoluteExpiration = window.SignedAt + signing.Bucket;
        }
        try
        {
            var text = await created.Value.WaitAsync(cancellationToken);
            _cache.Set(key, created, new MemoryCacheEntryOptions { Size = (text?.Length ?? 0) * 2 + 64, AbsoluteExpiration = window.SignedAt + signing.Bucket });
            return text;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _cache.Remove(key); // a storage failure must not be cached
            throw;
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
