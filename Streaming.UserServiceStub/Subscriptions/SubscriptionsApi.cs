using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Streaming.UserServiceStub.Subscriptions;

public static class SubscriptionsApi
{
    /// <summary>Maps <c>GET /api/v1/users/{user_id}/subscription</c>.</summary>
    /// <returns>The subscription endpoint, so that Development can attach its test filters to it.</returns>
    public static RouteHandlerBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/users").WithTags("Subscriptions");

        return users.MapGet($"/{{{UserProblems.UserIdRouteParameter}}}/subscription", GetSubscription)
            .WithName(nameof(GetSubscription))
            .WithSummary("The user's subscription and whether it grants access now");
    }

    public static Results<Ok<SubscriptionResponse>, ValidationProblem, ProblemHttpResult> GetSubscription(
        [FromRoute(Name = UserProblems.UserIdRouteParameter)] string userId,
        SubscriptionStore store,
        TimeProvider timeProvider)
    {
        if (!UserProblems.TryParseUserId(userId, out var id))
        {
            return UserProblems.NotAUuid(UserProblems.UserIdRouteParameter, userId);
        }

        if (!store.TryGet(id, out var subscription))
        {
            return UserProblems.UnknownUser(id);
        }

        return TypedResults.Ok(SubscriptionResponse.From(id, subscription, timeProvider.GetUtcNow()));
    }
}
