using Streaming.Hosting.Edge;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Playback;
using Xunit.Abstractions;

namespace Streaming.IntegrationTests.Delivery;

/// <summary>
/// Twenty viewers of one title, each with a session of its own, play it at once through the edge: the bucket serves
/// each object once, and every viewer receives the same bytes.
/// </summary>
[Collection(PlaybackCollection.Name)]
public sealed class EdgeOffloadTests(PlaybackApp app, ITestOutputHelper output) : IDisposable
{
    private const int Viewers = 20;
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task Twenty_concurrent_players_of_one_title_cost_the_bucket_one_fetch_per_object()
    {
        var title = await EdgeTitle.UploadAsync(app, segments: 6);
        var sessions = new List<EdgeSession>();
        for (var i = 0; i < Viewers; i++)
        {
            using var viewer = new Viewer(app, await _users.CreateUserAsync());
            sessions.Add(await EdgeSession.StartAsync(viewer, title.Movie));
        }
        Assert.Equal(Viewers, sessions.Select(session => session.Credential).Distinct().Count());
        Assert.All(sessions, session => Assert.Equal(app.EdgeUrl.Authority, session.ManifestUrl.Authority));

        using var edge = app.CreateEdgeClient();
        // Each player: the master playlist, then the variant it names, then every segment of the variant, all in parallel.
        var received = await Task.WhenAll(sessions.Select(session => PlayAsync(edge, session)));

        foreach (var (path, bytes) in title.Objects)
        {
            Assert.All(received, played => Assert.Equal(bytes, played[path]));
        }
        var entries = await WaitForLogAsync(title, Viewers * title.Objects.Count);
        foreach (var path in title.Objects.Keys)
        {
            Assert.Equal(1, EdgeTraffic.OriginFetchesOf(entries, EdgeTitle.ObjectKey(title.Movie, path)));
        }
        var traffic = EdgeTraffic.Of(entries);
        output.WriteLine($"{traffic.Requests} requests, {traffic.Hits} hits, {traffic.Misses} misses, {traffic.OriginFetches} origin fetches: hit ratio {traffic.HitRatioPercent}%");
        Assert.Equal(title.Objects.Count, traffic.OriginFetches);
        // The log names objects, never a viewer's credential.
        var logText = await File.ReadAllTextAsync(app.AccessLogPath());
        Assert.All(sessions, session => Assert.DoesNotContain(session.Credential, logText, StringComparison.Ordinal));
    }

    private static async Task<Dictionary<string, byte[]>> PlayAsync(HttpClient edge, EdgeSession session)
    {
        var played = new Dictionary<string, byte[]> { [EdgeTitle.Master] = await session.FetchAsync(edge, EdgeTitle.Master) };
        var variant = UriLines(played[EdgeTitle.Master]).Single();
        played[variant] = await session.FetchAsync(edge, variant);
        var folder = variant[..(variant.LastIndexOf('/') + 1)];
        var segments = UriLines(played[variant]).Select(segment => folder + segment).ToList();
        var bodies = await Task.WhenAll(segments.Select(segment => session.FetchAsync(edge, segment)));
        for (var i = 0; i < segments.Count; i++)
        {
            played[segments[i]] = bodies[i];
        }
        return played;
    }

    private static IEnumerable<string> UriLines(byte[] playlist) => System.Text.Encoding.UTF8.GetString(playlist)
        .Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'));

    /// <summary>The log lines of the title's objects once all are written (nginx logs after sending).</summary>
    private async Task<IReadOnlyList<EdgeLogEntry>> WaitForLogAsync(EdgeTitle title, int count)
    {
        var prefix = EdgeTitle.ObjectKey(title.Movie, "");
        return await Eventually.ValueAsync<IReadOnlyList<EdgeLogEntry>>(
            async () => (await EdgeAccessLog.ReadAsync(app.AccessLogPath())).Where(entry => entry.Object.StartsWith(prefix, StringComparison.Ordinal)).ToList(),
            entries => entries.Count >= count, $"{count} requests for the title are logged", describe: entries => $"{entries.Count} logged");
    }

    public void Dispose() => _users.Dispose();
}
