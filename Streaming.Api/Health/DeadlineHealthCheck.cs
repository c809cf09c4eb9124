using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.Api.Health;

/// <summary>
/// Gives a check a deadline it cannot overrun. <see cref="HealthCheckService"/> only cancels a check's token, so a
/// check that ignores it or blocks its thread (librdkafka's metadata call does) would hold the whole report, and
/// /health would keep answering an ever older result. Past the deadline the check counts as failed and the report goes out.
/// </summary>
internal sealed class DeadlineHealthCheck(IHealthCheck inner, TimeSpan deadline) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            return await Task.Run(() => inner.CheckHealthAsync(context, timeout.Token), timeout.Token).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"No answer within {deadline.TotalSeconds:0.#} s.");
        }
    }
}
