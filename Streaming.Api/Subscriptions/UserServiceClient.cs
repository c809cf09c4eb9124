using System.Net;
using System.Text.Json.Serialization;
using Streaming.Core.Connections;

namespace Streaming.Api.Subscriptions;

/// <summary>
/// Asks the user service whether a user's subscription is active and how many streams it allows: its
/// <c>max_streams</c>, or for a user service that predates the field, the plan's <see cref="PlanStreamLimits"/>.
/// </summary>
public sealed class UserServiceClient(HttpClient http, PlanStreamLimits planLimits, ILogger<UserServiceClient> logger)
{
    /// <summary>Service-discovery address of the user service inside Aspire; <c>USER_SERVICE_URL</c> overrides it.</summary>
    public const string DiscoveryAddress = $"http://{ConnectionNames.UserService}";

    public const string AddressSetting = "USER_SERVICE_URL";

    public static string BaseAddressFrom(IConfiguration configuration) =>
        configuration[AddressSetting] is { Length: > 0 } url ? url : DiscoveryAddress;

    public async Task<SubscriptionAnswer> GetSubscriptionAsync(Guid userId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"api/v1/users/{userId}/subscription", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new SubscriptionAnswer(SubscriptionStatus.Inactive, UserUnknown: true);
            }
            response.EnsureSuccessStatusCode();
            var subscription = await response.Content.ReadFromJsonAsync<SubscriptionResponse>(cancellationToken);
            return subscription?.Active == true
                ? new SubscriptionAnswer(SubscriptionStatus.Active, subscription.ExpiresAt,
                    MaxStreams: subscription.MaxStreams is > 0 and var max ? max : planLimits.Of(subscription.Plan))
                : new SubscriptionAnswer(SubscriptionStatus.Inactive);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or System.Text.Json.JsonException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                                   || ex is Polly.Timeout.TimeoutRejectedException
                                   || ex is Polly.CircuitBreaker.BrokenCircuitException)
        {
            logger.LogWarning(ex, "The user service did not answer for user {UserId}", userId);
            return SubscriptionAnswer.NoAnswer;
        }
    }

    private sealed record SubscriptionResponse(
        [property: JsonPropertyName("active")] bool Active,
        [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
        [property: JsonPropertyName("plan")] string? Plan,
        [property: JsonPropertyName("max_streams")] int? MaxStreams);
}
