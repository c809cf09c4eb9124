namespace Streaming.UserServiceStub.DevTools;

/// <summary>Counts calls of the subscription endpoint, so that tests can see whether the API cached an answer.</summary>
public sealed class SubscriptionCallCounter
{
    // One lock keeps the total and the per-user counts consistent with each other in every snapshot.
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, long> _byUser = [];
    private long _total;

    public void Record(Guid? userId)
    {
        lock (_lock)
        {
            _total++;
            if (userId is Guid id)
            {
                _byUser[id] = _byUser.GetValueOrDefault(id) + 1;
            }
        }
    }

    public SubscriptionCallStats Snapshot()
    {
        lock (_lock)
        {
            return new SubscriptionCallStats(_total, new Dictionary<Guid, long>(_byUser));
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _total = 0;
            _byUser.Clear();
        }
    }
}
