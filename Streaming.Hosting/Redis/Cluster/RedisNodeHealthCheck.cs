using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.Hosting.Redis;

/// <summary>A node is healthy when it answers PING (before the cluster is formed too: forming waits for this).</summary>
internal sealed class RedisNodeHealthCheck(EndpointReference endpoint) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy($"The port of '{endpoint.Resource.Name}' is not allocated yet.");
        }
        try
        {
            var reply = await RedisProbe.SendAsync($"{endpoint.Host}:{endpoint.Port}", "PING", cancellationToken);
            return reply == "PONG" ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"PING answered {reply}");
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }
}
