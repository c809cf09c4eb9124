using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Events;

/// <summary>
/// /health is anonymous, so it must be cheap. The checks run in the background every interval; a flood of
/// requests while Kafka is unreachable (its check blocks for up to 3 s) neither waits on Kafka nor runs more checks.
/// Each background run stamps its result (Last-Modified): a request that ran or waited for a check would show as a run
/// of its own, so counting the stamps against the flood's duration proves both, on a machine of any speed.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class HealthFloodTests(EventsApp app)
{
    private const int FloodRequests = 200;

    [Fact]
    public async Task A_flood_of_health_requests_while_kafka_is_down_is_answered_at_once_from_the_last_background_result()
    {
        using var api = app.CreateClient();
        await app.ExecuteAsync(ResourceNames.Kafka, "broker-down");
        try
        {
            await Eventually.TrueAsync(async () => await KafkaStateAsync(api) == "error", HealthReports.MaxAge, "/health reports the broker down");

            var answers = new ConcurrentBag<(HttpStatusCode Status, DateTimeOffset? CheckedAt, DateTimeOffset? Date, string? Kafka)>();
            // The flood lasts until it has sent its requests and seen the result refreshed at least once (two stamps).
            var flood = Stopwatch.StartNew();
            bool Done() => answers.Count >= FloodRequests && answers.Select(a => a.CheckedAt).Distinct().Count() >= 2;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!Done() && flood.Elapsed < Eventually.Generous)
                {
                    using var response = await api.GetAsync("/health");
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                    answers.Add((response.StatusCode, response.Content.Headers.LastModified, response.Headers.Date, body.GetProperty("kafka").GetString()));
                    await Task.Delay(20);
                }
            })));
            var elapsed = flood.Elapsed;

            Assert.True(Done(), $"{answers.Count} answers and {answers.Select(a => a.CheckedAt).Distinct().Count()} results in {elapsed}: the result was not refreshed.");
            Assert.All(answers, a =>
            {
                Assert.Equal(HttpStatusCode.OK, a.Status); // Kafka is reported, not required: degraded, still ready
                Assert.Equal("error", a.Kafka);
                Assert.NotNull(a.CheckedAt);
                Assert.True(a.Date - a.CheckedAt <= HealthReports.MaxAge, $"Answered at {a.Date} from a result of {a.CheckedAt}.");
            });
            // Over the flood there was at most one run per interval (plus the one already there when it began): no
            // request ran a check, or waited for one.
            var runs = answers.Select(a => a.CheckedAt).Distinct().Count();
            var allowed = (int)Math.Ceiling(elapsed / HealthReports.Interval) + 1;
            Assert.True(runs <= allowed, $"{runs} health check runs answered {answers.Count} requests in {elapsed}; at most {allowed} ran in the background.");
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
