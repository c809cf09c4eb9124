namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>The AppHost setting that runs Redis as a local cluster of 3 masters and 3 replicas.</summary>
public static class RedisClusterSettings
{
    public const string Enabled = "--LocalInfra:RedisCluster=true";
}
