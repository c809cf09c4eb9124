using System.Net;
using System.Text.Json;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>A player developer finds every endpoint, its errors and an interactive reference.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class ApiDocumentationTests(ApiContractApp app) : IDisposable
{
    private readonly HttpClient _http = app.CreateClient();

    public static TheoryData<string, string, string[]> SpecEndpoints => new()
    {
        { "/api/v1/stream/{movie_id}", "post", ["200", "400", "401", "403", "404", "409", "429", "503"] },
        { "/api/v1/stream/{movie_id}/progress", "post", ["200", "400", "401", "404", "429", "503"] },
        { "/api/v1/stream/{movie_id}/progress", "get", ["200", "400", "401", "404", "503"] },
        { "/api/v1/stream/{movie_id}/stop", "post", ["200", "400", "401", "404", "429", "503"] },
        { "/health", "get", ["200"] },
    };

    [Theory]
    [MemberData(nameof(SpecEndpoints))]
    public async Task The_openapi_document_describes_each_endpoint_with_its_error_responses(string path, string method, string[] statuses)
    {
        var document = await DocumentAsync();

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is not documented.");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not documented.");
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        var documented = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToArray();
        Assert.Subset(documented.ToHashSet(), statuses.ToHashSet());
    }

    [Theory]
    [InlineData("/api/v1/stream/{movie_id}", "post")]
    [InlineData("/api/v1/stream/{movie_id}/progress", "post")]
    [InlineData("/api/v1/stream/{movie_id}/stop", "post")]
    public async Task Request_bodies_are_documented_as_json(string path, string method)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _),
            $"{method} {path} has no JSON request body.");
    }

    [Theory]
    [InlineData("/api/v1/stream/{movie_id}", "post", "manifest_type", "manifest_url expires_in manifest_type")]
    [InlineData("/api/v1/stream/{movie_id}/progress", "post", "position_seconds", "success position_seconds message")]
    [InlineData("/api/v1/stream/{movie_id}/progress", "get", null, "user_id movie_id position_seconds last_watched_at")]
    [InlineData("/api/v1/stream/{movie_id}/stop", "post", "position_seconds", "success message")]
    public async Task Request_and_response_schemas_name_the_spec_fields(string path, string method, string? requestField, string responseFields)
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);

        if (requestField is not null)
        {
            var request = Resolve(document, operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
            Assert.True(request.GetProperty("properties").TryGetProperty(requestField, out _), $"{method} {path} request schema lacks {requestField}.");
        }
        var response = Resolve(document, operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var documented = response.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Subset(documented, responseFields.Split(' ').ToHashSet());
    }

    [Fact]
    public async Task Every_documented_operation_has_a_summary()
    {
        var document = await DocumentAsync();

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name} {path.Name}", Operation: op.Value)))
            .ToList();
        Assert.NotEmpty(operations);
        Assert.All(operations, op => Assert.True(
            op.Operation.TryGetProperty("summary", out var summary) && !string.IsNullOrWhiteSpace(summary.GetString()), $"{op.Name} has no summary."));
    }

    [Fact]
    public async Task The_served_document_passes_redoclys_recommended_rules_without_errors_or_warnings()
    {
        using var response = await _http.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();

        var lint = await RedoclyLint.RecommendedAsync(await response.Content.ReadAsStringAsync());

        Assert.True(lint.Errors == 0 && lint.Warnings == 0,
            $"redocly lint --extends=recommended: {lint.Errors} errors, {lint.Warnings} warnings\n{lint.Problems}");
    }

    [Fact]
    public async Task The_interactive_reference_is_served_at_docs()
    {
        using var response = await _http.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }
        var name = reference.GetString()!.Split('/')[^1];
        return document.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await _http.GetAsync("/openapi/v1.json");
        return await Json.ReadAsync(response);
    }

    public void Dispose() => _http.Dispose();
}
