using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.Events;

/// <summary>
/// /health is anonymous, so it must be cheap. The checks run in the background every interval; a flood of
/// requests while Kafka is unreachable (its check blocks for up to 3 s) neither waits on Kafka nor runs more checks.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class HealthFloodTests(EventsApp app)
{
    private static readonly TimeSpan FloodTime = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan FastAnswer = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_flood_of_health_requests_while_kafka_is_down_is_answered_at_once_from_the_last_background_result()
    {
        using var api = app.CreateClient();
        await app.ExecuteAsync(ResourceNames.Kafka, "broker-down");
        try
        {
            await Eventually.TrueAsync(async () => await KafkaStateAsync(api) == "error", HealthReports.MaxAge, "/health reports the broker down");

            var answers = new ConcurrentBag<(HttpStatusCode Status, TimeSpan Took, DateTimeOffset? CheckedAt, DateTimeOffset? Date, string? Kafka)>();
            var flood = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (flood.Elapsed < FloodTime)
                {
                    var took = Stopwatch.StartNew();
                    using var response = await api.GetAsync("/health");
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                    took.Stop();
                    answers.Add((response.StatusCode, took.Elapsed, response.Content.Headers.LastModified, response.Headers.Date,
                        body.GetProperty("kafka").GetString()));
                    await Task.Delay(20);
                }
            })));
            var elapsed = flood.Elapsed;

            Assert.True(answers.Count >= 200, $"Only {answers.Count} answers in {elapsed}.");
            var slowest = answers.Max(a => a.Took);
            Assert.True(slowest < FastAnswer, $"The slowest of {answers.Count} /health answers took {slowest.TotalMilliseconds:0} ms.");
            Assert.All(answers, a =>
            {
                Assert.Equal(HttpStatusCode.OK, a.Status); // Kafka is reported, not required: degraded, still ready
                Assert.Equal("error", a.Kafka);
                Assert.NotNull(a.CheckedAt);
                Assert.True(a.Date - a.CheckedAt <= HealthReports.MaxAge, $"Answered at {a.Date} from a result of {a.CheckedAt}.");
            });
            // Each background run stamps its result: over the flood there were at most one per interval (plus the one
            // already there when it began), and at least two (the result keeps being refreshed).
            var runs = answers.Select(a => a.CheckedAt).Distinct().Count();
            var allowed = (int)Math.Ceiling(elapsed / HealthReports.Interval) + 1;
            Assert.InRange(runs, 2, allowed);
        }
        finally
        {
            await app.ExecuteAsync(ResourceNames.Kafka, "broker-up");
        }
        await Eventually.TrueAsync(async () => await KafkaStateAsync(api) == "enabled", HealthReports.MaxAge, "/health reports the broker back");
    }

    private static async Task<string?> KafkaStateAsync(HttpClient api)
    {
        using var response = await api.GetAsync("/health");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("kafka").GetString();
    }
}
