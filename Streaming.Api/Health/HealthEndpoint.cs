using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
        app.MapGet(Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath, CheckAsync)
            .WithName("Health")
            .WithSummary("Readiness of the API and each dependency")
            .WithDescription("503 when PostgreSQL, Redis or S3 is down. Kafka and the user service are reported but not required: events wait in the outbox, and cached subscriptions keep working.")
            .WithTags("Health")
            .AllowAnonymous()
            // Each check has its own timeout and the answer names the failing dependency; the request deadline would
            // replace that report with a bare 503, and count Kafka (reported, not required) as fatal.
            .DisableRequestTimeout();
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> CheckAsync(
        HealthCheckService health, KafkaOptions kafka, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(registration => registration.Tags.Contains("ready") || registration.Name == KafkaServiceCollectionExtensions.HealthCheckName, cancellationToken);
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
