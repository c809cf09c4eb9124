using System.Globalization;

namespace Streaming.Hosting.Redis;

/// <summary>
/// The memory Redis may use and what it does at the limit, the same in both modes. The default policy is
/// <c>noeviction</c>: at the limit writes fail (progress writes answer 503) and nothing is lost silently. An
/// eviction policy would pick keys with a TTL (volatile-*) or any key (allkeys-*): hot copies, cached
/// subscriptions, rate-limit windows, session ids and the progress-events publishing lease all carry a TTL, so
/// evicting them would silently let stale positions win, lift rate limits and allow two event publishers, while the
/// buffer itself (no TTL) would still fill the memory.
/// </summary>
public sealed record RedisMemoryLimit(string MaxMemory, string Policy)
{
    public const string DefaultPolicy = "noeviction";

    /// <summary>
    /// A quarter of the machine's memory for all Redis processes together (shared by the nodes of a local cluster):
    /// the rest is for PostgreSQL, the services and the machine itself.
    /// </summary>
    public static string DefaultMaxMemory(int processes = 1) =>
        string.Create(CultureInfo.InvariantCulture, $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 / processes / (1024 * 1024)}mb");

    public IEnumerable<string> Arguments => ["--maxmemory", MaxMemory, "--maxmemory-policy", Policy];
}
