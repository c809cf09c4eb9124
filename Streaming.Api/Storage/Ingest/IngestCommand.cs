namespace Streaming.Api.Storage.Ingest;

/// <summary>
/// <c>dotnet run --project Streaming.Api -- ingest &lt;folder&gt; &lt;movie_id&gt;</c>: uploads packaged HLS/DASH output to
/// <c>movies/{movie_id}/</c> with content types, using the API's own S3 settings (ConnectionStrings__s3 or
/// S3_ENDPOINT_URL, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET_NAME).
/// <c>... -- ingest --sample [seconds]</c> generates the sample title with ffmpeg and uploads it.
/// </summary>
public static class IngestCommand
{
    public const string Name = "ingest";

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration)
    {
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        var logger = loggers.CreateLogger(Name);
        string folder;
        Guid movieId;
        if (args is [_, "--sample", ..])
        {
            var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40;
            folder = await SampleTitleGenerator.EnsureAsync(SampleTitleOptions.CacheDirectoryFrom(configuration), seconds, CancellationToken.None);
            movieId = SampleTitleOptions.MovieId;
        }
        else if (args is [_, var path, var id] && Guid.TryParse(id, out movieId))
        {
            folder = Path.GetFullPath(path);
        }
        else
        {
            Console.Error.WriteLine("usage: ingest <folder> <movie_id>   |   ingest --sample [seconds]");
            return 2;
        }

        using var storage = new MediaStorage(S3Options.From(configuration));
        try
        {
            await new MediaFolderUploader(storage, loggers.CreateLogger<MediaFolderUploader>()).UploadAsync(folder, movieId, CancellationToken.None);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or Manifests.UnusableManifestException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            logger.LogError("{Message}", ex.Message);
            return 1;
        }
    }
}
