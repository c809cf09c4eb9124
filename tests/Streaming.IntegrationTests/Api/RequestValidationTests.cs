using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>Every malformed request is a 400 problem that names the field to fix.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class RequestValidationTests(ApiContractApp app) : IDisposable
{
    private readonly Viewer _viewer = new(app, Guid.NewGuid());

    public static TheoryData<string, string> EveryEndpoint => new()
    {
        { "POST", "/api/v1/stream/{0}" },
        { "POST", "/api/v1/stream/{0}/progress" },
        { "GET", "/api/v1/stream/{0}/progress" },
        { "POST", "/api/v1/stream/{0}/stop" },
    };

    public static TheoryData<string> BodyEndpoints => ["", "/progress", "/stop"];

    public static TheoryData<string> PositionEndpoints => ["/progress", "/stop"];

    [Theory]
    [MemberData(nameof(EveryEndpoint))]
    public async Task A_movie_id_that_is_not_a_uuid_is_400(string method, string template)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(template, "not-a-uuid"));
        if (method == "POST")
        {
            request.Content = new StringContent("""{"position_seconds": 10}""", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _viewer.Http.SendAsync(request);

        await Problems.AssertFieldErrorAsync(response, "movie_id");
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Malformed_json_is_400(string suffix)
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}{suffix}", """{"position_seconds": 10,""");

        await Problems.AssertFieldErrorAsync(response, "body");
    }

    [Theory]
    [MemberData(nameof(PositionEndpoints))]
    public async Task A_missing_position_is_400(string suffix)
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}{suffix}", "{}");

        await Problems.AssertFieldErrorAsync(response, "position_seconds");
    }

    [Theory]
    [InlineData("/progress", "null")]
    [InlineData("/progress", "\"120\"")]
    [InlineData("/progress", "12.5")]
    [InlineData("/progress", "true")]
    [InlineData("/progress", "[120]")]
    [InlineData("/progress", "{\"seconds\": 120}")]
    [InlineData("/stop", "\"1800\"")]
    [InlineData("/stop", "null")]
    public async Task A_position_that_is_not_a_whole_number_is_400(string suffix, string value)
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}{suffix}", $$"""{"position_seconds": {{value}}}""");

        await Problems.AssertFieldErrorAsync(response, "position_seconds");
    }

    [Theory]
    [InlineData("/progress", "-1")]
    [InlineData("/progress", "172801")]
    [InlineData("/progress", "99999999999999999999999")]
    [InlineData("/progress", "1e400")]
    [InlineData("/stop", "-1800")]
    [InlineData("/stop", "2147483648")]
    public async Task A_negative_or_absurdly_large_position_is_400(string suffix, string value)
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}{suffix}", $$"""{"position_seconds": {{value}}}""");

        await Problems.AssertFieldErrorAsync(response, "position_seconds");
    }

    [Theory]
    [InlineData("\"mp4\"")]
    [InlineData("\"HLS \"")]
    [InlineData("\"\"")]
    [InlineData("5")]
    [InlineData("[\"hls\"]")]
    public async Task An_unknown_or_wrongly_typed_manifest_type_is_400(string value)
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}", $$"""{"manifest_type": {{value}}}""");

        await Problems.AssertFieldErrorAsync(response, "manifest_type");
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task A_body_that_is_not_an_object_is_400(string suffix)
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}{suffix}", """[{"position_seconds": 10}]""");

        await Problems.AssertFieldErrorAsync(response, "body");
    }

    [Fact]
    public async Task A_timestamp_that_is_not_a_date_is_400()
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}/progress", """{"position_seconds": 10, "timestamp": "yesterday"}""");

        await Problems.AssertFieldErrorAsync(response, "timestamp");
    }

    public void Dispose() => _viewer.Dispose();
}
