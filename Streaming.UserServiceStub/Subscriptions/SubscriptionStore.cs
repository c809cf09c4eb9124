using System.Collections.Concurrent;

namespace Streaming.UserServiceStub.Subscriptions;

/// <summary>The stub's in-memory subscriptions, keyed by user id; safe for concurrent requests.</summary>
public sealed class SubscriptionStore
{
    private readonly ConcurrentDictionary<Guid, Subscription> _subscriptions = new();

    public bool TryGet(Guid userId, out Subscription subscription) =>
        _subscriptions.TryGetValue(userId, out subscription!);

    /// <summary>Creates or replaces the user's subscription.</summary>
    /// <returns>True when the user was not known before.</returns>
    public bool Put(Guid userId, Subscription subscription)
    {
        var created = true;
        _subscriptions.AddOrUpdate(
            userId,
            subscription,
            (_, _) =>
            {
                created = false;
                return subscription;
            });
        return created;
    }

    public bool Remove(Guid userId) => _subscriptions.TryRemove(userId, out _);
}
