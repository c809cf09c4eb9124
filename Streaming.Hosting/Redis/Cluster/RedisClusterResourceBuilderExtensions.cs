using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.Hosting.Redis;

/// <summary>What both kinds of cluster (local processes, containers) share: the cluster resource and the node checks.</summary>
internal static class RedisClusterResourceBuilderExtensions
{
    /// <summary>
    /// Adds the cluster resource. It runs once the create step has finished (formed the cluster or found it formed);
    /// from then on its health check says whether the cluster serves every slot, so <c>WaitFor</c> means "usable".
    /// </summary>
    public static IResourceBuilder<RedisClusterResource> AddRedisClusterResource(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RedisClusterResource(name))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "RedisCluster",
                State = KnownResourceStates.Waiting,
                Properties = [new("redis.cluster.masters", RedisClusterTopology.Masters), new("redis.cluster.replicas-per-master", RedisClusterTopology.ReplicasPerMaster)],
            })
            .OnInitializeResource(async (cluster, e, cancellationToken) =>
            {
                var created = await e.Notifications.WaitForResourceAsync(RedisClusterTopology.CreateStepName(cluster.Name),
                    update => KnownResourceStates.TerminalStates.Contains(update.Snapshot.State?.Text), cancellationToken);
                if (created.Snapshot.ExitCode is not (null or 0))
                {
                    e.Logger.LogError("Forming the cluster failed (exit code {ExitCode}); see the logs of {Step}.", created.Snapshot.ExitCode, created.Resource.Name);
                }
                await e.Notifications.PublishUpdateAsync(cluster, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            })
            .WithConnectionStringHealthCheck(connectionString => new RedisClusterHealthCheck(connectionString));

    /// <summary>Registers the node's PING check and attaches it, so the create step can wait for every node.</summary>
    public static IResourceBuilder<T> WithRedisNodeHealthCheck<T>(this IResourceBuilder<T> node)
        where T : IResourceWithEndpoints
    {
        var key = $"{node.Resource.Name}_ready";
        var endpoint = node.Resource.GetEndpoint(RedisClusterTopology.ClientEndpointName);
        node.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => new RedisNodeHealthCheck(endpoint), failureStatus: null, tags: null));
        return node.WithHealthCheck(key);
    }
}
