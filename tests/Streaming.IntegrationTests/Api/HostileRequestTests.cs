using System.Net;
using System.Text;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>Nothing a client sends makes the API fail with a 500 or leak a stack trace.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class HostileRequestTests(ApiContractApp app) : IDisposable
{
    private readonly Viewer _viewer = new(app, Guid.NewGuid());

    public static TheoryData<string> BodyEndpoints => ["", "/progress", "/stop"];

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task A_body_that_is_not_json_is_415(string suffix)
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}{suffix}", "position_seconds=10", "text/plain");

        await Problems.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task A_form_post_is_415(string suffix)
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}{suffix}", "position_seconds=10", "application/x-www-form-urlencoded");

        await Problems.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_far_larger_than_any_request_needs_is_413()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/stream/{Guid.NewGuid()}/progress")
        {
            Content = new StringContent($$"""{"position_seconds": 10, "padding": "{{new string('x', 5 * 1024 * 1024)}}"}""", Encoding.UTF8, "application/json"),
        };
        // The server answers before the body is sent, so the refusal is observable rather than a reset connection.
        request.Headers.ExpectContinue = true;

        using var response = await _viewer.Http.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_with_harmless_extra_fields_is_accepted()
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{await MediaBucket.UploadTitleAsync(app)}/progress", """{"position_seconds": 10, "player": {"name": "test", "version": [1, 2]}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Deeply_nested_json_is_400()
    {
        var nested = new string('[', 10_000) + new string(']', 10_000);

        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}/progress", $$"""{"position_seconds": {{nested}}}""");

        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("42")]
    [InlineData("{\"position_seconds\": null, \"timestamp\": null}")]
    [InlineData("{\"position_seconds\": {\"$gt\": 0}}")]
    [InlineData("{\"position_seconds\": 10, \"position_seconds\": -5}")]
    [InlineData("\uFEFF{\"position_seconds\": 10}")]
    [InlineData("{\"position_seconds\": 10}{\"position_seconds\": 11}")]
    public async Task Strange_json_is_never_a_server_error(string body)
    {
        using var response = await _viewer.PostRawAsync($"/api/v1/stream/{Guid.NewGuid()}/progress", body);

        Assert.InRange((int)response.StatusCode, 200, 499);
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("00000000-0000-0000-0000-000000000000%27%20OR%201%3D1")]
    [InlineData("{00000000-0000-0000-0000-00000000000}")]
    public async Task Hostile_movie_ids_are_never_a_server_error(string movieId)
    {
        using var response = await _viewer.Http.GetAsync($"/api/v1/stream/{movieId}/progress");

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task A_method_an_endpoint_does_not_have_is_405_with_a_problem()
    {
        using var response = await _viewer.Http.DeleteAsync($"/api/v1/stream/{Guid.NewGuid()}/progress");

        await Problems.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task An_unknown_path_is_404_with_a_problem()
    {
        using var response = await _viewer.Http.GetAsync($"/api/v1/stream/{Guid.NewGuid()}/subtitles");

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_absurdly_long_token_is_refused_without_a_server_error()
    {
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream/{Guid.NewGuid()}/progress");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('a', 16 * 1024));

        using var response = await http.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    public void Dispose() => _viewer.Dispose();
}
