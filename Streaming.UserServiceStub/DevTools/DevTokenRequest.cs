using Streaming.UserServiceStub.Subscriptions;

namespace Streaming.UserServiceStub.DevTools;

/// <summary>Body of <c>POST /dev/token</c>: <c>{"user_id", "expires_in"?}</c>.</summary>
/// <param name="UserId">A string, so that a non-UUID is reported as a field error rather than unreadable JSON.</param>
/// <param name="ExpiresIn">
/// Lifetime in seconds, 3600 when absent. Zero or negative mints an already expired token, which tests of
/// the API's 401 need.
/// </param>
public sealed record DevTokenRequest(string? UserId, int? ExpiresIn)
{
    public const int DefaultExpiresInSeconds = 3600;
    public const int MinExpiresInSeconds = -86_400;
    public const int MaxExpiresInSeconds = 30 * 86_400;

    public int Lifetime => ExpiresIn ?? DefaultExpiresInSeconds;

    public Dictionary<string, string[]> Validate(out Guid userId)
    {
        var errors = new Dictionary<string, string[]>();
        if (!UserProblems.TryParseUserId(UserId, out userId))
        {
            errors["user_id"] = [UserId is null
                ? "Required: the UUID the token is for."
                : $"'{UserId}' is not a UUID; expected the form 7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c01."];
        }
        if (Lifetime is < MinExpiresInSeconds or > MaxExpiresInSeconds)
        {
            errors["expires_in"] = [$"Must be between {MinExpiresInSeconds} and {MaxExpiresInSeconds} seconds."];
        }
        return errors;
    }
}
