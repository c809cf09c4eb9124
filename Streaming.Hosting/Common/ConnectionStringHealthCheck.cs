using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.Hosting.Common;

/// <summary>
/// A resource's readiness check, built from its connection string once that can be resolved
/// (ports of local executables are only known after DCP has allocated them).
/// </summary>
internal sealed class ConnectionStringHealthCheck(
    IResourceWithConnectionString resource,
    Func<string, IHealthCheck> createCheck) : IHealthCheck
{
    private IHealthCheck? _inner;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_inner is null)
        {
            var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
            if (string.IsNullOrEmpty(connectionString))
            {
                return HealthCheckResult.Unhealthy($"The connection string of '{resource.Name}' is not available yet.");
            }
            _inner = createCheck(connectionString);
        }
        return await _inner.CheckHealthAsync(context, cancellationToken);
    }
}

internal static class ConnectionStringHealthCheckExtensions
{
    /// <summary>Registers a readiness check for the resource and attaches it, so that <c>WaitFor</c> means "ready".</summary>
    public static IResourceBuilder<T> WithConnectionStringHealthCheck<T>(
        this IResourceBuilder<T> builder, Func<string, IHealthCheck> createCheck)
        where T : IResourceWithConnectionString
    {
        var key = $"{builder.Resource.Name}_ready";
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => new ConnectionStringHealthCheck(builder.Resource, createCheck), failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }
}
