using Streaming.Core.Configuration;

namespace Streaming.Api.Storage.Ingest;

/// <summary>The generated demo title every development run finds in the bucket.</summary>
public sealed record SampleTitleOptions(bool Enabled, int Seconds, string CacheDirectory)
{
    public const string EnabledSetting = "PLAYBACK_SAMPLE_TITLE";
    public const string SecondsSetting = "PLAYBACK_SAMPLE_SECONDS";

    public static readonly Guid MovieId = Guid.Parse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01");

    /// <summary>
    /// <c>PLAYBACK_SAMPLE_TITLE</c> (true in Development), <c>PLAYBACK_SAMPLE_SECONDS</c> (40) and
    /// <c>PLAYBACK_SAMPLE_CACHE</c>: where generated files are kept so that ffmpeg runs once per machine.
    /// </summary>
    public static SampleTitleOptions From(IConfiguration configuration, IHostEnvironment environment) => new(
        configuration.GetValue(EnabledSetting, environment.IsDevelopment()),
        configuration.GetValue(SecondsSetting, 40),
        CacheDirectoryFrom(configuration));

    public static string CacheDirectoryFrom(IConfiguration configuration) =>
        configuration[SharedSettings.PlaybackSampleCacheSetting] is { Length: > 0 } cache ? cache : Path.Combine(Path.GetTempPath(), "streaming-sample-media");
}
