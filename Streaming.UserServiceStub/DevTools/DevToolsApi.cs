using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Streaming.UserServiceStub.Subscriptions;

namespace Streaming.UserServiceStub.DevTools;

/// <summary>The <c>/dev</c> routes: mapped in Development only, for tests and demos.</summary>
public static class DevToolsApi
{
    public static IEndpointRouteBuilder MapDevToolsApi(this IEndpointRouteBuilder app)
    {
        var dev = app.MapGroup("/dev").WithTags("Development tools");

        dev.MapPut($"/users/{{{UserProblems.UserIdRouteParameter}}}/subscription", PutSubscription)
            .WithSummary("Create or replace a user's subscription");
        dev.MapDelete($"/users/{{{UserProblems.UserIdRouteParameter}}}", DeleteUser)
            .WithSummary("Forget a user");

        dev.MapPut("/faults", PutFaults).WithSummary("Inject latency and/or a failure status into the subscription endpoint");
        dev.MapDelete("/faults", DeleteFaults).WithSummary("Stop injecting faults");

        dev.MapGet("/stats", GetStats).WithSummary("Calls of the subscription endpoint, in total and per user");
        dev.MapDelete("/stats", DeleteStats).WithSummary("Reset the call counts");

        dev.MapPost("/token", PostToken).WithSummary("Mint an access token for any user id");

        return app;
    }

    public static Results<Created<SubscriptionResponse>, Ok<SubscriptionResponse>, ValidationProblem> PutSubscription(
        [FromRoute(Name = UserProblems.UserIdRouteParameter)] string userId,
        [FromBody] SubscriptionUpdateRequest request,
        SubscriptionStore store,
        TimeProvider timeProvider)
    {
        if (!UserProblems.TryParseUserId(userId, out var id))
        {
            return UserProblems.NotAUuid(UserProblems.UserIdRouteParameter, userId);
        }

        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The subscription is incomplete.");
        }

        var subscription = request.ToSubscription();
        var created = store.Put(id, subscription);
        var response = SubscriptionResponse.From(id, subscription, timeProvider.GetUtcNow());
        return created
            ? TypedResults.Created($"/api/v1/users/{id}/subscription", response)
            : TypedResults.Ok(response);
    }

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> DeleteUser(
        [FromRoute(Name = UserProblems.UserIdRouteParameter)] string userId,
        SubscriptionStore store)
    {
        if (!UserProblems.TryParseUserId(userId, out var id))
        {
            return UserProblems.NotAUuid(UserProblems.UserIdRouteParameter, userId);
        }

        return store.Remove(id) ? TypedResults.NoContent() : UserProblems.UnknownUser(id);
    }

    public static Results<Ok<FaultSettings>, ValidationProblem> PutFaults([FromBody] FaultSettings settings, InjectedFaults faults)
    {
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The fault settings are out of range.");
        }

        faults.Set(settings);
        return TypedResults.Ok(settings);
    }

    public static NoContent DeleteFaults(InjectedFaults faults)
    {
        faults.Clear();
        return TypedResults.NoContent();
    }

    public static Ok<SubscriptionCallStats> GetStats(SubscriptionCallCounter counter) =>
        TypedResults.Ok(counter.Snapshot());

    public static NoContent DeleteStats(SubscriptionCallCounter counter)
    {
        counter.Reset();
        return TypedResults.NoContent();
    }

    public static Results<Ok<DevTokenResponse>, ValidationProblem> PostToken([FromBody] DevTokenRequest request, DevTokenIssuer issuer)
    {
        var errors = request.Validate(out var userId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The token request is invalid.");
        }

        return TypedResults.Ok(issuer.Issue(userId, request.Lifetime));
    }
}
