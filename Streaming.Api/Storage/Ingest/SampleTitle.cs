namespace Streaming.Api.Storage.Ingest;

/// <summary>The generated demo title every development run finds in the bucket.</summary>
public sealed record SampleTitleOptions(bool Enabled, int Seconds, string CacheDirectory)
{
    public static readonly Guid MovieId = Guid.Parse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01");

    /// <summary>
    /// <c>PLAYBACK_SAMPLE_TITLE</c> (true in Development), <c>PLAYBACK_SAMPLE_SECONDS</c> (40) and
    /// <c>PLAYBACK_SAMPLE_CACHE</c>: where generated files are kept so that ffmpeg runs once per machine.
    /// </summary>
    public static SampleTitleOptions From(IConfiguration configuration, IHostEnvironment environment) => new(
        configuration.GetValue("PLAYBACK_SAMPLE_TITLE", environment.IsDevelopment()),
        configuration.GetValue("PLAYBACK_SAMPLE_SECONDS", 40),
        configuration["PLAYBACK_SAMPLE_CACHE"] is { Length: > 0 } cache ? cache : Path.Combine(Path.GetTempPath(), "streaming-sample-media"));
}
