using Streaming.UserServiceStub.Subscriptions;

namespace Streaming.UserServiceStub.DevTools;

/// <summary>
/// Body of <c>PUT /dev/users/{user_id}/subscription</c>: <c>{"active", "plan", "expires_at"?, "max_streams"?}</c>
/// (without <c>max_streams</c>, the plan's default).
/// </summary>
/// <remarks>Nullable so that a missing field is reported instead of silently becoming false or empty.</remarks>
public sealed record SubscriptionUpdateRequest(bool? Active, string? Plan, DateTimeOffset? ExpiresAt, int? MaxStreams = null)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Active is null)
        {
            errors["active"] = ["Required: true or false."];
        }
        if (string.IsNullOrWhiteSpace(Plan))
        {
            errors["plan"] = ["Required: a plan name such as \"premium\" or \"basic\"."];
        }
        if (MaxStreams is <= 0)
        {
            errors["max_streams"] = ["A positive number of streams, or leave it out for the plan's default."];
        }
        return errors;
    }

    /// <summary>Only after <see cref="Validate"/> found nothing.</summary>
    public Subscription ToSubscription() => new(Active!.Value, Plan!, ExpiresAt?.ToUniversalTime(), MaxStreams);
}
