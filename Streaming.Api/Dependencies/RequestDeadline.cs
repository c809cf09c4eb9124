using Microsoft.AspNetCore.Http.Timeouts;
using Streaming.Api.Configuration;
using Streaming.Api.Http;

namespace Streaming.Api.Dependencies;

/// <summary>
/// How long a request may wait on its dependencies (<c>REQUEST_DEADLINE</c>, seconds). ASP.NET Core's request-timeouts
/// middleware cancels <see cref="HttpContext.RequestAborted"/> when it passes, so every call that takes the request's
/// token (EF Core and its retrying strategy, the S3 client, the user service) stops there instead of retrying for a
/// minute; its timeout token tells a passed deadline apart from a client that went away.
/// </summary>
public sealed record RequestDeadline(TimeSpan Duration)
{
    public const string Setting = "REQUEST_DEADLINE";
    public const int DefaultSeconds = 4;

    public static RequestDeadline From(IConfiguration configuration) => new(configuration.GetSeconds(Setting, DefaultSeconds));

    /// <summary>True once this request's deadline has passed (false when only the client gave up).</summary>
    public static bool HasPassed(HttpContext context) =>
        context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;

    public string Describe() => $"{Duration.TotalSeconds:0.#} s";
}

public static class RequestDeadlineRegistration
{
    public static IServiceCollection AddRequestDeadline(this IServiceCollection services, IConfiguration configuration)
    {
        var deadline = RequestDeadline.From(configuration);
        services.AddSingleton(deadline);
        services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = deadline.Duration,
            // A dependency that is slow or down: the same answer as one that refuses, never 504 (we are not a gateway).
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            // Only reached when no handler named the dependency it was waiting for.
            WriteTimeoutResponse = context => ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "Request deadline exceeded",
                $"The request could not be completed within its {deadline.Describe()} deadline because a service it depends on is slow or unavailable. Try again shortly."),
        });
        return services;
    }
}
