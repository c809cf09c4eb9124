namespace Streaming.Api.Storage.Ingest;

/// <summary>
/// Uploads a folder of packaged HLS/DASH output to <c>movies/{movie_id}/</c>, keeping relative paths. Manifests go
/// last: once a manifest is in the bucket, everything it refers to is too. A folder with a manifest the API would
/// refuse (<see cref="Manifests.ManifestValidator"/>) is refused whole, before anything is uploaded.
/// </summary>
public sealed class MediaFolderUploader(MediaStorage storage, ILogger<MediaFolderUploader> logger)
{
    private static readonly HashSet<string> IgnoredExtensions = [".mp4.tmp", ".tmp", ".part"];

    public async Task<int> UploadAsync(string folder, Guid movieId, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"No folder {folder}.");
        }
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => !IgnoredExtensions.Contains(Path.GetExtension(file)) && !Path.GetFileName(file).StartsWith('.'))
            .OrderBy(file => Manifests.MediaPath.IsManifest(file) ? 1 : 0)
            .ThenBy(file => file, StringComparer.Ordinal)
            .ToList();
        if (!files.Any(Manifests.MediaPath.IsManifest))
        {
            throw new InvalidDataException($"{folder} holds no .m3u8 or .mpd manifest.");
        }
        // Nothing is uploaded unless every manifest would be served: a refused one would only answer 502 later.
        foreach (var manifest in files.Where(Manifests.MediaPath.IsManifest))
        {
            Manifests.ManifestValidator.ValidateFile(manifest, Path.GetRelativePath(folder, manifest).Replace('\\', '/'));
        }
        var contentTypes = MediaContentTypes.For(folder, files.Where(Manifests.MediaPath.IsManifest).Select(file => Path.GetRelativePath(folder, file).Replace('\\', '/')));
        var uploaded = 0;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (Manifests.MediaPath.IsManifest(file))
            {
                return; // below, after every segment
            }
            await storage.UploadFileAsync($"movies/{movieId:D}/{relative}", file, contentTypes.Of(relative), token);
            Interlocked.Increment(ref uploaded);
        });
        foreach (var manifest in files.Where(Manifests.MediaPath.IsManifest))
        {
            var relative = Path.GetRelativePath(folder, manifest).Replace('\\', '/');
            await storage.UploadFileAsync($"movies/{movieId:D}/{relative}", manifest, contentTypes.Of(relative), cancellationToken);
            uploaded++;
        }
        logger.LogInformation("Uploaded {Count} objects from {Folder} to movies/{MovieId}/", uploaded, folder, movieId);
        return uploaded;
    }
}
