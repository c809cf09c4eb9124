namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>The API computes /health in the background; what a test may expect of its age.</summary>
public static class HealthReports
{
    /// <summary>The API's default <c>HEALTH_CHECK_INTERVAL</c>.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>A change shows within one interval plus the longest check (3 s timeouts), with room for a loaded machine.</summary>
    public static readonly TimeSpan MaxAge = Interval + TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(7);
}
