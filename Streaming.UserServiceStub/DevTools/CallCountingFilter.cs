using Streaming.UserServiceStub.Subscriptions;

namespace Streaming.UserServiceStub.DevTools;

/// <summary>Records every call of the endpoint it is attached to in <see cref="SubscriptionCallCounter"/>.</summary>
public sealed class CallCountingFilter(SubscriptionCallCounter counter) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var routeValue = context.HttpContext.Request.RouteValues[UserProblems.UserIdRouteParameter] as string;
        counter.Record(UserProblems.TryParseUserId(routeValue, out var userId) ? userId : null);
        return next(context);
    }
}
