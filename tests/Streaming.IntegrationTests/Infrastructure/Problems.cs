using System.Net;
using System.Text.Json;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>Checks that an error answer is RFC 9457 problem details a client can act on.</summary>
public static class Problems
{
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.TryGetProperty("status", out var statusMember) && statusMember.GetInt32() == (int)status, $"status member wrong: {body}");
        Assert.True(problem.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString()), $"No title: {body}");
        Assert.True(problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()), $"No detail a person can act on: {body}");
        Assert.DoesNotContain("   at ", body); // no stack trace
        return problem;
    }

    /// <summary>A 400 whose <c>errors</c> member names the offending field.</summary>
    public static async Task<JsonElement> AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No errors member in {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {errors}");
        Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        return problem;
    }
}
