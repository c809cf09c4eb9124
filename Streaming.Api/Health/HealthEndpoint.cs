using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streaming.Api.OpenApi;
using Streaming.Core.Kafka;

namespace Streaming.Api.Health;

/// <summary>The original spec's health answer, plus postgres and user_service.</summary>
public sealed record HealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("s3")] string S3,
    [property: JsonPropertyName("redis")] string Redis,
    [property: JsonPropertyName("kafka")] string Kafka,
    [property: JsonPropertyName("postgres")] string Postgres,
    [property: JsonPropertyName("user_service")] string UserService);

public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapStreamingHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet(Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath, Answer)
            .WithName("Health")
            .WithSummary("Readiness of the API and each dependency")
            .WithDescription("503 when PostgreSQL, Redis or S3 is down. Kafka and the user service are reported but not required: events wait in the outbox, and cached subscriptions keep working. The checks run in the background every HEALTH_CHECK_INTERVAL seconds; the answer is the last result (Last-Modified says when it was computed), 503 with status \"starting\" before the first.")
            .WithTags(ApiTags.Health)
            .AllowAnonymous()
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .ProducesHostProblem()
            // The answer never waits on a check (it is the last background result), so no deadline applies.
            .DisableRequestTimeout();
        return app;
    }

    public const string Starting = "starting";

    private static Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>> Answer(HealthMonitor monitor, KafkaOptions kafka, HttpResponse http)
    {
        http.Headers.CacheControl = "no-cache";
        if (monitor.Last is not { } last)
        {
            return TypedResults.Json(new HealthResponse(Starting, Starting, Starting, Starting, Starting, Starting), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        http.Headers.LastModified = last.CheckedAt.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var report = last.Report;
        string State(string name) => report.Entries.TryGetValue(name, out var entry) && entry.Status == HealthStatus.Healthy ? "ok" : "error";

        var kafkaState = !kafka.Enabled ? "disabled" : State(KafkaServiceCollectionExtensions.HealthCheckName) == "ok" ? "enabled" : "error";
        var ready = DependencyHealthChecks.Required.All(name => State(name) == "ok");
        var degraded = kafkaState == "error" || State(DependencyHealthChecks.UserService) != "ok";
        var response = new HealthResponse(
            ready ? degraded ? "degraded" : "healthy" : "unhealthy",
            State(DependencyHealthChecks.S3), State(DependencyHealthChecks.Redis), kafkaState,
            State(DependencyHealthChecks.Postgres), State(DependencyHealthChecks.UserService));
        return ready ? TypedResults.Ok(response) : TypedResults.Json(response, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
