namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// The suites a test belongs to, as an xunit trait. The default suite (<c>scripts/test.sh</c>) runs everything
/// except <see cref="Extended"/>; <c>scripts/test.sh --all</c> runs that too.
/// </summary>
public static class Suites
{
    public const string Trait = "Suite";

    /// <summary>Reruns on a Redis Cluster, load and failover tests: slower, and run before an issue is resolved.</summary>
    public const string Extended = "Extended";
}
