namespace Streaming.Api.Storage.Ingest;

/// <summary>
/// Puts the sample title in the bucket when it is missing (Development runs): generated once per machine into
/// the cache folder, uploaded through the same code as the ingest command. Runs in the background: the API
/// answers meanwhile, and the title appears when its manifests are uploaded (they go last).
/// </summary>
public sealed class SampleTitleSeeder(SampleTitleOptions options, MediaStorage storage, MediaFolderUploader uploader, ILogger<SampleTitleSeeder> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var prefix = $"movies/{SampleTitleOptions.MovieId:D}/";
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                if (await storage.ExistsAsync(prefix + "index.m3u8", stoppingToken) && await storage.ExistsAsync(prefix + "index.mpd", stoppingToken))
                {
                    return;
                }
                logger.LogInformation("Preparing the sample title ({Seconds} s) in {Cache}", options.Seconds, options.CacheDirectory);
                var folder = await SampleTitleGenerator.EnsureAsync(options.CacheDirectory, options.Seconds, stoppingToken);
                await uploader.UploadAsync(folder, SampleTitleOptions.MovieId, stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 5)
            {
                logger.LogWarning(ex, "Could not seed the sample title (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(5 * attempt), stoppingToken);
            }
        }
    }
}
