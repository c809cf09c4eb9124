using Microsoft.Extensions.Caching.Memory;
using Streaming.Api.Playback;
using Streaming.Api.Storage;

namespace Streaming.Api.Titles;

/// <summary>
/// Whether a movie id is a real title: it has an HLS or a DASH manifest in the bucket. Answers are cached in this
/// replica's memory, so progress for a known title costs no S3 request.
/// </summary>
public sealed class TitleCatalog(MediaStorage storage, TitleCatalogOptions options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.MaxEntries });

    /// <summary>The cached answer, or null when this replica has not looked (or forgot).</summary>
    public bool? Cached(Guid movieId) => _cache.TryGetValue(movieId, out bool exists) ? exists : null;

    /// <summary>Looks in the bucket when the answer is not cached. S3 failures are thrown, and not cached.</summary>
    public async Task<bool> ExistsAsync(Guid movieId, CancellationToken cancellationToken)
    {
        if (Cached(movieId) is { } cached)
        {
            return cached;
        }
        var exists = false;
        foreach (var manifestType in ManifestTypes.All)
        {
            if (await storage.ExistsAsync(ManifestTypes.Key(movieId, manifestType), cancellationToken))
            {
                exists = true;
                break;
            }
        }
        Remember(movieId, exists);
        return exists;
    }

    /// <summary>A start found the title's manifest: progress and stop for it need not look again.</summary>
    public void Remember(Guid movieId, bool exists) =>
        _cache.Set(movieId, exists, new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = exists ? options.KnownTtl : options.UnknownTtl,
        });

    public void Dispose() => _cache.Dispose();
}
