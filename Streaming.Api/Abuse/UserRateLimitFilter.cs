using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Auth;

namespace Streaming.Api.Abuse;

public static class UserRateLimitFilter
{
    /// <summary>
    /// Runs the route under the user's limit for <paramref name="action"/>: 429 beyond it. The request is given back
    /// when it failed because one of our dependencies did (503), or was refused as unreadable before any work (400,
    /// 413, 415): those never counted against a user.
    /// </summary>
    public static RouteHandlerBuilder WithUserRateLimit(this RouteHandlerBuilder endpoint, UserAction action) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var limiter = http.RequestServices.GetRequiredService<UserRateLimiter>();
            var logger = http.RequestServices.GetRequiredService<ILogger<UserRateLimiter>>();
            var userId = http.User.UserId()!.Value;
            var decision = await limiter.AcquireFailingOpenAsync(userId, action, logger);
            if (!decision.Allowed)
            {
                return TooManyRequests.ForUser(http.Response, action, limiter.LimitOf(action), decision.RetryAfter);
            }
            var result = await next(context);
            if (ProblemStatus(result) is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status400BadRequest
                or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType)
            {
                await limiter.RefundAsync(userId, action, logger);
            }
            return result;
        });

    private static int? ProblemStatus(object? result) => result switch
    {
        ProblemHttpResult problem => problem.StatusCode,
        INestedHttpResult { Result: ProblemHttpResult problem } => problem.StatusCode,
        _ => null,
    };
}
