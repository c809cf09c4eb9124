using Streaming.Api.Configuration;

namespace Streaming.Api.Progress;

/// <summary>
/// Hot-copy TTL (<c>REDIS_PROGRESS_TTL</c>) and the per user and title rate limit: players report every 10 s,
/// so <c>PROGRESS_RATE_LIMIT</c> updates per <c>PROGRESS_RATE_WINDOW</c> seconds leaves room for seeks and retries.
/// </summary>
public sealed record ProgressOptions(TimeSpan HotCopyTtl, int RateLimit, TimeSpan RateWindow)
{
    /// <summary>Longest position accepted: 48 hours. Anything beyond is a client bug, not a movie.</summary>
    public const int MaxPositionSeconds = 48 * 3600;

    public static ProgressOptions From(IConfiguration configuration) => new(
        configuration.GetSeconds("REDIS_PROGRESS_TTL", 86_400),
        configuration.GetValue("PROGRESS_RATE_LIMIT", 5),
        configuration.GetSeconds("PROGRESS_RATE_WINDOW", 10));
}
