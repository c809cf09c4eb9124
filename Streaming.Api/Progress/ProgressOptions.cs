using Streaming.Api.Configuration;
using Streaming.Core.Configuration;

namespace Streaming.Api.Progress;

/// <summary>
/// Hot-copy TTL (<c>REDIS_PROGRESS_TTL</c>), the per user and title rate limit (players report every 10 s, so
/// <c>PROGRESS_RATE_LIMIT</c> updates per <c>PROGRESS_RATE_WINDOW</c> seconds leaves room for seeks and retries),
/// and <c>PROGRESS_PERSIST_INTERVAL</c>: a user's title is handed to PostgreSQL at most once per interval (0 = every
/// update), and always on stop.
/// </summary>
public sealed record ProgressOptions(TimeSpan HotCopyTtl, int RateLimit, TimeSpan RateWindow, TimeSpan PersistInterval)
{
    /// <summary>Longest position accepted: 48 hours. Anything beyond is a client bug, not a movie.</summary>
    public const int MaxPositionSeconds = 48 * 3600;

    public const string PersistIntervalSetting = "PROGRESS_PERSIST_INTERVAL";
    public const string RateLimitSetting = "PROGRESS_RATE_LIMIT";
    public const string RateWindowSetting = "PROGRESS_RATE_WINDOW";
    public const int DefaultPersistIntervalSeconds = 30;

    public static ProgressOptions From(IConfiguration configuration)
    {
        var ttl = configuration.GetSeconds(SharedSettings.RedisProgressTtlSetting, 86_400);
        var interval = configuration.GetValue(PersistIntervalSetting, DefaultPersistIntervalSeconds);
        if (interval < 0)
        {
            throw new InvalidOperationException($"{PersistIntervalSetting} must be 0 (persist every update) or a positive number of seconds (was {interval}).");
        }
        // The hot copy holds the only copy of a position not yet handed over: it must outlive its flush, even a late one.
        if (interval > 0 && ttl <= TimeSpan.FromSeconds(2 * interval))
        {
            throw new InvalidOperationException(
                $"REDIS_PROGRESS_TTL ({ttl.TotalSeconds:0} s) must be more than twice {PersistIntervalSetting} ({interval} s): a position not yet persisted lives only in the hot copy.");
        }
        var window = configuration.GetSeconds(RateWindowSetting, 10);
        // The title's rate window is kept in its hot copy: a hot copy that expired first would end the window early.
        if (window > ttl)
        {
            throw new InvalidOperationException(
                $"{RateWindowSetting} ({window.TotalSeconds:0} s) must not be longer than REDIS_PROGRESS_TTL ({ttl.TotalSeconds:0} s): a title's rate window is kept in its hot copy.");
        }
        return new(ttl, configuration.GetValue(RateLimitSetting, 5), window, TimeSpan.FromSeconds(interval));
    }
}
