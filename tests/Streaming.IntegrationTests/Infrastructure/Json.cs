using System.Text.Json;

namespace Streaming.IntegrationTests.Infrastructure;

public static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected success, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    public static string[] PropertyNames(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}
