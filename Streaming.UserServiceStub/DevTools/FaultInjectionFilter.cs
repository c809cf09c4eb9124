namespace Streaming.UserServiceStub.DevTools;

/// <summary>Applies <see cref="InjectedFaults"/> to the endpoint it is attached to: first the delay, then the failure.</summary>
public sealed class FaultInjectionFilter(InjectedFaults faults, TimeProvider timeProvider) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var settings = faults.Current;

        if (settings.LatencyMs > 0)
        {
            var requestAborted = context.HttpContext.RequestAborted;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMs), timeProvider, requestAborted);
            }
            catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
            {
                // The caller gave up (its timeout is usually the point of the test): nobody is left to answer.
                return Results.Empty;
            }
        }

        if (settings.FailureStatus is int status)
        {
            return TypedResults.Problem(
                statusCode: status,
                title: "Injected fault",
                detail: $"The user service was told to fail with {status} through PUT /dev/faults; DELETE /dev/faults clears it.");
        }

        return await next(context);
    }
}
