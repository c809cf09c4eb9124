using System.Diagnostics;

namespace Streaming.DeliveryBench;

/// <param name="ApiCalls">Authorisation subrequests the edge sent to the API during the steady window.</param>
/// <param name="SegmentRequests">Segment requests the edge served during the window.</param>
public sealed record AuthCostResult(int Sessions, double Minutes, int ApiCalls, int SegmentRequests, int Failed)
{
    public double CallsPerSessionMinute => Sessions == 0 || Minutes == 0 ? 0 : ApiCalls / (Sessions * Minutes);
}

/// <summary>
/// M playing sessions, each fetching its next segment every 4 s through the edge and reporting its position as often
/// (a player's sign of life); after a warm-up, the edge's log over a steady window says how many authorisation
/// answers it had to ask the API for rather than reuse.
/// </summary>
public sealed class AuthCostRun(BenchApp app, Viewers viewers, Player player)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(SyntheticTitle.SegmentSeconds);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    public async Task<AuthCostResult> RunAsync(IReadOnlyList<Viewer> users, Guid movie, int segments, double minutes)
    {
        var log = new EdgeLogWindow(app.EdgeAccessLogPath);
        var window = TimeSpan.FromMinutes(minutes);
        var total = WarmUp + window + Interval;
        var failed = 0;
        var sessions = await Task.WhenAll(users.Select(user => viewers.StartAsync(user, movie)));
        var playing = users.Zip(sessions).Select((pair, index) => Task.Run(async () =>
        {
            // Spread over one interval, as players that started at different times.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next((int)Interval.TotalMilliseconds)));
            var clock = Stopwatch.StartNew();
            for (var tick = 0; clock.Elapsed < total; tick++)
            {
                var segment = new Uri(pair.Second.ManifestUrl, $"v0/seg_{tick % segments + 1:D5}.ts");
                if ((await player.GetAsync(segment)).Status != 200)
                {
                    Interlocked.Increment(ref failed);
                }
                await viewers.ReportAsync(pair.First, movie, pair.Second.Id, (tick + 1) * SyntheticTitle.SegmentSeconds);
                var next = Interval * (tick + 1) - clock.Elapsed;
                await Task.Delay(next > TimeSpan.Zero ? next : TimeSpan.Zero);
            }
        })).ToList();

        await Task.Delay(WarmUp + Interval);
        log.Restart();
        failed = 0;
        await Task.Delay(window);
        var entries = await log.ReadAsync();
        var failedInWindow = failed;
        await Task.WhenAll(playing);
        await Task.WhenAll(users.Zip(sessions).Select(pair => viewers.StopAsync(pair.First, movie, pair.Second.Id)));
        var prefix = $"movies/{movie}/";
        var ofTitle = entries.Where(e => e.Object.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return new AuthCostResult(users.Count, minutes, ofTitle.Count(EdgeLogWindow.AskedTheApi), ofTitle.Count, failedInWindow);
    }
}
