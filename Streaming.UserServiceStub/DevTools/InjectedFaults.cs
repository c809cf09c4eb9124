namespace Streaming.UserServiceStub.DevTools;

/// <summary>The faults currently injected into the subscription endpoint.</summary>
public sealed class InjectedFaults
{
    // Settings are immutable and replaced whole, so a request never sees half of an update.
    private volatile FaultSettings _current = FaultSettings.None;

    public FaultSettings Current => _current;

    public void Set(FaultSettings settings) => _current = settings;

    public void Clear() => _current = FaultSettings.None;
}
