using Streaming.Api.Configuration;

namespace Streaming.Api.Abuse;

/// <summary>One fixed-window limit: at most <paramref name="Limit"/> requests per <paramref name="Window"/>.</summary>
public sealed record RateLimit(int Limit, TimeSpan Window);

/// <summary>
/// Per-user limits across all titles, chosen so that a real player never meets them: it reports progress every 10 s
/// (6 a minute per stream, so 60 a minute is ten streams at once) and a viewer zapping between titles starts and
/// stops a few a minute. Concurrent streams are bounded by the plan (see <c>Sessions/StreamLimitProblem</c>).
/// </summary>
public sealed record AbuseLimits(RateLimit Progress, RateLimit Start, RateLimit Stop)
{
    public const string ProgressLimitSetting = "PROGRESS_USER_RATE_LIMIT";
    public const string ProgressWindowSetting = "PROGRESS_USER_RATE_WINDOW";
    public const string StartLimitSetting = "START_RATE_LIMIT";
    public const string StartWindowSetting = "START_RATE_WINDOW";
    public const string StopLimitSetting = "STOP_RATE_LIMIT";
    public const string StopWindowSetting = "STOP_RATE_WINDOW";

    public static AbuseLimits From(IConfiguration configuration) => new(
        Read(configuration, ProgressLimitSetting, 60, ProgressWindowSetting, 60),
        Read(configuration, StartLimitSetting, 30, StartWindowSetting, 60),
        Read(configuration, StopLimitSetting, 30, StopWindowSetting, 60));

    private static RateLimit Read(IConfiguration configuration, string limitKey, int limit, string windowKey, int windowSeconds) =>
        new(Positive(configuration, limitKey, limit), configuration.GetSeconds(windowKey, windowSeconds));

    private static int Positive(IConfiguration configuration, string key, int defaultValue)
    {
        var value = configuration.GetValue(key, defaultValue);
        return value > 0 ? value : throw new InvalidOperationException($"{key} must be a positive number (was {value}).");
    }
}
