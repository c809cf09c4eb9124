using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Http;
using Streaming.Api.Manifests;
using Streaming.Api.Progress;
using Streaming.Api.Streams;

namespace Streaming.UnitTests.Api.Http;

/// <summary>Every malformed, missing or wrongly typed field of a request body gets its own message, read into the body's record.</summary>
public sealed class JsonBodyTests
{
    [Fact]
    public async Task A_valid_progress_body_is_read_into_its_record()
    {
        var body = await ReadAsync("""{"position_seconds": 120, "timestamp": "2024-11-15T10:30:00Z"}""");

        Assert.Equal(new UpdateProgressRequest(120, DateTimeOffset.Parse("2024-11-15T10:30:00Z")), UpdateProgressRequest.Read(body));
    }

    [Fact]
    public async Task An_empty_body_starts_hls()
    {
        var body = await ReadAsync("");

        Assert.Equal(ManifestTypes.Hls, StartStreamRequest.Read(body)?.ManifestType);
    }

    [Theory]
    [InlineData("""{}""", "'position_seconds' is required.")]
    [InlineData("""{"position_seconds": "120"}""", "'position_seconds' must be a whole number of seconds.")]
    [InlineData("""{"position_seconds": 12.5}""", "'position_seconds' must be a whole number of seconds.")]
    [InlineData("""{"position_seconds": -1}""", "'position_seconds' must be between 0 and 172800 (got -1).")]
    [InlineData("""{"position_seconds": 172801}""", "'position_seconds' must be between 0 and 172800 (got 172801).")]
    public async Task Each_invalid_position_is_named_with_what_is_wrong(string json, string message)
    {
        var body = await ReadAsync(json);

        Assert.Null(StopStreamRequest.Read(body));
        Assert.Equal(message, Assert.Single(Errors(body.Problem())["position_seconds"]));
    }

    [Fact]
    public async Task Every_invalid_field_is_listed_not_only_the_first()
    {
        var body = await ReadAsync("""{"position_seconds": -5, "timestamp": "yesterday"}""");

        Assert.Null(UpdateProgressRequest.Read(body));
        var errors = Errors(body.Problem());
        Assert.Equal(["position_seconds", "timestamp"], errors.Keys.Order());
        Assert.Equal(400, body.Problem().StatusCode);
    }

    [Fact]
    public async Task An_unknown_manifest_type_lists_the_allowed_ones()
    {
        var body = await ReadAsync("""{"manifest_type": "smooth"}""");

        Assert.Null(StartStreamRequest.Read(body));
        Assert.Equal("'manifest_type' must be one of: \"hls\", \"dash\" (got \"smooth\").", Assert.Single(Errors(body.Problem())["manifest_type"]));
    }

    [Theory]
    [InlineData("""{"position_seconds": """, "The body is not valid JSON (line 1, byte 22).")]
    [InlineData("""[1, 2]""", "The body must be a JSON object.")]
    public async Task A_body_that_is_no_json_object_is_a_400_on_the_body(string json, string message)
    {
        var (body, problem) = await JsonBody.ReadAsync(Request(json, "application/json"), CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(message, Assert.Single(Errors(problem!)["body"]));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var (body, problem) = await JsonBody.ReadAsync(Request("position_seconds=1", "application/x-www-form-urlencoded"), CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, problem!.StatusCode);
        Assert.Equal("Send the body as application/json (got 'application/x-www-form-urlencoded').", problem.ProblemDetails.Detail);
    }

    private static async Task<JsonBody> ReadAsync(string json)
    {
        var (body, problem) = await JsonBody.ReadAsync(Request(json, "application/json"), CancellationToken.None);
        Assert.Null(problem);
        return body!;
    }

    internal static HttpRequest Request(string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = contentType;
        return context.Request;
    }

    internal static IDictionary<string, string[]> Errors(ProblemHttpResult problem) =>
        Assert.IsType<HttpValidationProblemDetails>(problem.ProblemDetails).Errors;
}
