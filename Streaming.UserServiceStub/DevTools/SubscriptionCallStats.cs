namespace Streaming.UserServiceStub.DevTools;

/// <summary>Answer of <c>GET /dev/stats</c>: <c>{"subscription_calls", "by_user": {"&lt;uuid&gt;": n}}</c>.</summary>
/// <param name="SubscriptionCalls">Every call of the subscription endpoint, including rejected and faulted ones.</param>
/// <param name="ByUser">Calls per user id, for calls whose user id was a UUID.</param>
public sealed record SubscriptionCallStats(long SubscriptionCalls, IReadOnlyDictionary<Guid, long> ByUser);
