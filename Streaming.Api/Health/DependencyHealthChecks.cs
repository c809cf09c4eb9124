using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Streaming.Api.Storage;
using Streaming.Api.Subscriptions;
using Streaming.Core.Data;

namespace Streaming.Api.Health;

/// <summary>One readiness check per dependency, named as they appear in the /health answer.</summary>
public static class DependencyHealthChecks
{
    public const string Postgres = "postgres";
    public const string Redis = "redis";
    public const string S3 = "s3";
    public const string UserService = "user_service";

    /// <summary>Without these the API cannot serve its core requests: /health answers 503.</summary>
    public static readonly string[] Required = [Postgres, Redis, S3];

    public static IHealthChecksBuilder AddDependencyHealthChecks(this IHealthChecksBuilder checks) => checks
        .AddAsyncCheck(Postgres, async (IServiceProvider services, CancellationToken ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<StreamingDbContext>().Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("PostgreSQL does not accept connections.");
        })
        .AddAsyncCheck(Redis, async (IServiceProvider services, CancellationToken _) =>
        {
            await services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        })
        .AddAsyncCheck(S3, async (IServiceProvider services, CancellationToken ct) =>
            await services.GetRequiredService<MediaStorage>().BucketAnswersAsync(ct)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy())
        .AddAsyncCheck(UserService, async (IServiceProvider services, CancellationToken ct) =>
        {
            var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(UserServiceClient));
            using var response = await http.GetAsync("alive", ct);
            return response.IsSuccessStatusCode ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"Answered {(int)response.StatusCode}.");
        });

    private static IHealthChecksBuilder AddAsyncCheck(this IHealthChecksBuilder checks, string name,
        Func<IServiceProvider, CancellationToken, Task<HealthCheckResult>> check) =>
        checks.Add(new HealthCheckRegistration(name, services => new DelegateHealthCheck(services, check), HealthStatus.Unhealthy, ["ready"]));

    private sealed class DelegateHealthCheck(IServiceProvider services, Func<IServiceProvider, CancellationToken, Task<HealthCheckResult>> check) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return await check(services, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy(ex.Message, ex);
            }
        }
    }
}
