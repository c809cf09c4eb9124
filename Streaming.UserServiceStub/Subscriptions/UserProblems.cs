using Microsoft.AspNetCore.Http.HttpResults;

namespace Streaming.UserServiceStub.Subscriptions;

/// <summary>The problem details answers about a user id, shared by every route that takes one.</summary>
public static class UserProblems
{
    public const string UserIdRouteParameter = "user_id";

    /// <summary>Only the canonical form <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>, as the real user service accepts.</summary>
    public static bool TryParseUserId(string? value, out Guid userId) => Guid.TryParseExact(value, "D", out userId);

    public static ValidationProblem NotAUuid(string field, string? value) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]>
            {
                [field] = [$"'{value}' is not a UUID; expected the form 7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c01."],
            },
            detail: $"{field} must be a UUID.");

    public static ProblemHttpResult UnknownUser(Guid userId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "User not found",
            detail: $"No user with id {userId} is known to the user service.");
}
