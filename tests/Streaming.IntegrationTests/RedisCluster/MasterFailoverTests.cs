using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.RedisCluster;

/// <summary>
/// A master SIGKILLed while viewers report through 2 API and 3 worker replicas: its replica takes over, requests
/// answer 200 (or 503 during the failover, never 500 once the cluster is ok again), and what viewers last reported
/// reaches PostgreSQL and Kafka.
/// </summary>
[Collection(RedisClusterCollection.Name)]
[Trait(Suites.Trait, Suites.Extended)]
public sealed class MasterFailoverTests(RedisClusterApp app)
{
    private const int Viewers = 40;
    // Under PROGRESS_RATE_LIMIT (5 per 10 s per title): a player reports every 10 s, these every 2.5 s.
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task A_killed_master_is_replaced_by_its_replica_and_every_viewers_newest_position_is_persisted_and_published()
    {
        using var events = new KafkaEventCollector(app.KafkaBootstrapServers);
        await using var redis = await ClusterNodes.ConnectAsync(app);
        var movieId = await MediaBucket.UploadTitleAsync(app);
        var viewers = Enumerable.Range(0, Viewers).Select(_ => new Viewer(app, Guid.NewGuid())).ToList();
        var newest = new ConcurrentDictionary<Guid, int>();
        var answers = new ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var load = viewers.Select(viewer => ReportAsync(viewer, movieId, newest, answers, clock, stop.Token)).ToList();

        var victim = await MasterNodeResourceAsync(redis);
        await Task.Delay(TimeSpan.FromSeconds(6));
        using (var process = Process.GetProcessById(ProcessSignals.ProcessIdOf(app.App, victim, "redis-server")))
        {
            process.Kill();
        }
        var killedAt = clock.Elapsed;
        await Eventually.TrueAsync(async () => !(await ClusterNodes.ConfigurationAsync(redis)).Nodes.Any(node => !node.IsReplica && !node.IsConnected)
            && await ClusterNodes.IsOkAsync(redis), TimeSpan.FromSeconds(60), "the replica of the killed master is promoted");
        var okAgainAt = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(8));
        stop.Cancel();
        await Task.WhenAll(load);
        viewers.ForEach(viewer => viewer.Dispose());

        try
        {
            var afterRecovery = answers.Where(answer => answer.At > okAgainAt).ToList();
            Assert.DoesNotContain(answers, answer => answer.Status == HttpStatusCode.InternalServerError && answer.At > okAgainAt);
            Assert.Contains(afterRecovery, answer => answer.Status == HttpStatusCode.OK);
            Assert.All(answers, answer => Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable,
                $"{(int)answer.Status} at {answer.At.TotalSeconds:F1} s (killed at {killedAt.TotalSeconds:F1} s, ok again at {okAgainAt.TotalSeconds:F1} s)"));

            var driver = new ProgressDriver(app);
            await Eventually.TrueAsync(async () =>
            {
                var rows = await driver.RowsAsync(newest.Keys.ToList());
                return newest.All(viewer => rows.TryGetValue((viewer.Key, movieId), out var row) && row.PositionSeconds == viewer.Value);
            }, TimeSpan.FromSeconds(90), "every viewer's newest accepted position is in PostgreSQL");
            foreach (var (userId, position) in newest)
            {
                await events.WaitForAsync(userId, received => received.Any(e => e.Topic == "stream.progress"
                    && e.Payload.GetProperty("position_seconds").GetInt32() == position), TimeSpan.FromSeconds(60));
            }
        }
        finally
        {
            // The node rejoins from its nodes.conf as a replica of the promoted one: the cluster is whole for the next test.
            await ResourceControl.StartAsync(app.App, victim);
            await Eventually.TrueAsync(async () => (await ClusterNodes.ConfigurationAsync(redis)).Nodes.Count(node => node.IsConnected) == ClusterNodes.NodeCount
                && await ClusterNodes.IsOkAsync(redis), TimeSpan.FromSeconds(60), "the killed node rejoins");
        }
    }

    private static async Task ReportAsync(Viewer viewer, Guid movieId, ConcurrentDictionary<Guid, int> newest,
        ConcurrentQueue<(TimeSpan, HttpStatusCode)> answers, Stopwatch clock, CancellationToken stop)
    {
        // Spread the viewers over the interval, as players are.
        await Task.Delay(Random.Shared.Next((int)ReportEvery.TotalMilliseconds), CancellationToken.None);
        for (var position = 10; !stop.IsCancellationRequested; position += 10)
        {
            try
            {
                using var response = await viewer.ReportProgressAsync(movieId, position);
                answers.Enqueue((clock.Elapsed, response.StatusCode));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    newest[viewer.UserId] = position;
                }
            }
            catch (HttpRequestException)
            {
                answers.Enqueue((clock.Elapsed, HttpStatusCode.BadGateway)); // no answer at all: reported as a failure
            }
            await Task.Delay(ReportEvery, CancellationToken.None);
        }
    }

    /// <summary>The node resource of a master that serves slots.</summary>
    private async Task<string> MasterNodeResourceAsync(StackExchange.Redis.ConnectionMultiplexer redis)
    {
        var master = (await ClusterNodes.ConfigurationAsync(redis)).Nodes.First(node => !node.IsReplica && node.Slots.Count > 0);
        var port = ((System.Net.IPEndPoint)master.EndPoint!).Port;
        return Enumerable.Range(0, ClusterNodes.NodeCount).Select(ClusterNodes.NodeResource)
            .Single(node => app.App.GetEndpoint(node, "tcp").Port == port);
    }
}
