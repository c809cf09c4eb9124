using Microsoft.Extensions.Caching.Memory;
using Streaming.Api.Manifests;
using Streaming.Api.Storage;

namespace Streaming.Api.Titles;

/// <summary>
/// Whether a movie id is a real title: it has an HLS or a DASH manifest in the bucket. Answers are cached in this
/// replica's memory, so progress for a known title costs no S3 request; so is its duration (see <see cref="TitleDurations"/>).
/// </summary>
public sealed class TitleCatalog(MediaStorage storage, TitleCatalogOptions options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.MaxEntries });
    private readonly SingleFlight<(Guid, string), bool> _lookups = new();

    /// <summary>The cached answer, or null when this replica has not looked (or forgot).</summary>
    public bool? Cached(Guid movieId) => _cache.TryGetValue(movieId, out bool exists) ? exists : null;

    /// <summary>Looks in the bucket when the answer is not cached. S3 failures are thrown, and not cached.</summary>
    public async Task<bool> ExistsAsync(Guid movieId, CancellationToken cancellationToken)
    {
        if (Cached(movieId) is { } cached)
        {
            return cached;
        }
        foreach (var manifestType in ManifestTypes.All)
        {
            // A manifest found also remembers its title.
            if (await ManifestExistsAsync(movieId, manifestType, cancellationToken))
            {
                return true;
            }
        }
        Remember(movieId, exists: false);
        return false;
    }

    /// <summary>
    /// Whether the title has a manifest of this type, cached like the title itself: a start of a known title costs no
    /// S3 request, so an S3 outage does not stop starts of titles this replica has seen.
    /// </summary>
    public async Task<bool> ManifestExistsAsync(Guid movieId, string manifestType, CancellationToken cancellationToken)
    {
        var key = (movieId, manifestType);
        if (_cache.TryGetValue(key, out bool cached))
        {
            return cached;
        }
        var exists = await _lookups.RunAsync(key, () => storage.ExistsAsync(ManifestTypes.Key(movieId, manifestType), CancellationToken.None), cancellationToken);
        _cache.Set(key, exists, Entry(exists));
        if (exists)
        {
            Remember(movieId, exists: true);
        }
        return exists;
    }

    /// <summary>The title's duration in seconds when this replica knows it (-1: looked, the manifest does not say).</summary>
    public int? CachedDuration(Guid movieId) => _cache.TryGetValue(("duration", movieId), out int seconds) ? seconds : null;

    /// <summary>Remembers a duration (long, it does not change) or that none could be learned (briefly).</summary>
    public void RememberDuration(Guid movieId, int? seconds) =>
        _cache.Set(("duration", movieId), seconds ?? -1, Entry(seconds is not null));

    private void Remember(Guid movieId, bool exists) => _cache.Set(movieId, exists, Entry(exists));

    private MemoryCacheEntryOptions Entry(bool exists) => new()
    {
        Size = 1,
        AbsoluteExpirationRelativeToNow = exists ? options.KnownTtl : options.UnknownTtl,
    };

    public void Dispose() => _cache.Dispose();
}
