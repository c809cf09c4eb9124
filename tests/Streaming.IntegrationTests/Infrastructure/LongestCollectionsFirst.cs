using Streaming.IntegrationTests.Api;
using Streaming.IntegrationTests.Events;
using Streaming.IntegrationTests.Outages;
using Streaming.IntegrationTests.Playback;
using Streaming.IntegrationTests.Progress;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Streaming.IntegrationTests.Infrastructure.LongestCollectionsFirst", "Streaming.IntegrationTests")]

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// Collections run three at a time (xunit.runner.json); one that starts last while the others are done leaves cores
/// idle. The collections that start a whole app go first, longest first (their spans in default runs on two cores:
/// playback and outages about 150 s, progress 115-200, events 105, api-contract 65, api-timing 50), and the short
/// ones fill the gaps at the end.
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest =
    [
        PlaybackCollection.Name, OutageCollection.Name, ProgressCollection.Name, EventsCollection.Name,
        ApiContractCollection.Name, ApiTimingCollection.Name,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(collection => Array.IndexOf(Longest, collection.DisplayName) is var rank and >= 0 ? rank : Longest.Length)
            .ThenBy(collection => collection.DisplayName, StringComparer.Ordinal);
}
