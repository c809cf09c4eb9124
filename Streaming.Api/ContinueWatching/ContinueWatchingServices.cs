namespace Streaming.Api.ContinueWatching;

/// <summary>What the continue-watching routes (list, remove) need, bound with [AsParameters].</summary>
public sealed record ContinueWatchingServices(ContinueWatchingQuery Query, ContinueWatchingRemoval Removal);
