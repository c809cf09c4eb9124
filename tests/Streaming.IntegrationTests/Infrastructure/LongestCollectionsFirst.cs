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
/// idle. The collections that start a whole app go first, longest first by the time their tests take once the app is
/// up (default runs on two cores: progress and playback about 135 s, outages 75, events 55, api-contract and
/// api-timing 35), and the short ones fill the gaps at the end. The first app starts before the others
/// (<see cref="StreamingApp"/>).
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest =
    [
        ProgressCollection.Name, PlaybackCollection.Name, OutageCollection.Name, EventsCollection.Name,
        ApiContractCollection.Name, ApiTimingCollection.Name,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(collection => Array.IndexOf(Longest, collection.DisplayName) is var rank and >= 0 ? rank : Longest.Length)
            .ThenBy(collection => collection.DisplayName, StringComparer.Ordinal);
}
