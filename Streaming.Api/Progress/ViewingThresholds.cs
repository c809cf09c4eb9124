using System.Globalization;

namespace Streaming.Api.Progress;

/// <summary>
/// When a title counts as started (past <c>PROGRESS_STARTED_RATIO</c> of its duration, 0.05) and as finished (from
/// <c>PROGRESS_COMPLETED_RATIO</c>, 0.9), as Jellyfin does: a finished title resumes at 0, so it starts over, and
/// continue watching shows only titles started and not finished.
/// </summary>
public sealed record ViewingThresholds(double StartedRatio, double CompletedRatio)
{
    public const string StartedRatioSetting = "PROGRESS_STARTED_RATIO";
    public const string CompletedRatioSetting = "PROGRESS_COMPLETED_RATIO";

    public static ViewingThresholds From(IConfiguration configuration)
    {
        var started = Ratio(configuration, StartedRatioSetting, 0.05);
        var completed = Ratio(configuration, CompletedRatioSetting, 0.9);
        return started < completed
            ? new ViewingThresholds(started, completed)
            : throw new InvalidOperationException("PROGRESS_STARTED_RATIO must be below PROGRESS_COMPLETED_RATIO.");
    }

    /// <summary>A position within the title: never beyond its end when the duration is known.</summary>
    public static int Clamp(int positionSeconds, int? durationSeconds) =>
        durationSeconds is { } duration ? Math.Min(positionSeconds, duration) : positionSeconds;

    public bool Completed(int positionSeconds, int? durationSeconds) =>
        durationSeconds is > 0 and var duration && positionSeconds >= duration * CompletedRatio;

    public bool Started(int positionSeconds, int? durationSeconds) =>
        durationSeconds is > 0 and var duration ? positionSeconds > duration * StartedRatio : positionSeconds > 0;

    /// <summary>Where a player should resume: 0 for a finished title, or one barely started.</summary>
    public int ResumePosition(int positionSeconds, int? durationSeconds) =>
        Completed(positionSeconds, durationSeconds) || !Started(positionSeconds, durationSeconds) ? 0 : positionSeconds;

    private static double Ratio(IConfiguration configuration, string key, double defaultValue)
    {
        var text = configuration[key];
        var value = text is null ? defaultValue : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return value is > 0 and < 1 ? value : throw new InvalidOperationException($"{key} must be between 0 and 1 (was {text}).");
    }
}
