using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>Fresh users with a subscription in the user service stub, and development tokens for them.</summary>
public static class TestUsers
{
    public static async Task<HttpClient> CreateSubscriberClientAsync(this StreamingApp app, Guid? userId = null)
    {
        var user = userId ?? Guid.NewGuid();
        using var userService = app.CreateClient(ResourceNames.UserService);
        using (var created = await userService.PutAsJsonAsync($"/dev/users/{user}/subscription",
                   new { active = true, plan = "premium", expires_at = DateTimeOffset.UtcNow.AddDays(30) }))
        {
            created.EnsureSuccessStatusCode();
        }
        return await app.CreateClientForAsync(user);
    }

    /// <summary>An API client that sends a development token for <paramref name="userId"/>.</summary>
    public static async Task<HttpClient> CreateClientForAsync(this StreamingApp app, Guid userId)
    {
        using var userService = app.CreateClient(ResourceNames.UserService);
        using var response = await userService.PostAsJsonAsync("/dev/token", new { user_id = userId });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Guid UserId(this HttpClient client) =>
        Guid.Parse(JsonDocument.Parse(Convert.FromBase64String(Pad(client.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[1])))
            .RootElement.GetProperty("sub").GetString()!);

    private static string Pad(string base64Url)
    {
        var base64 = base64Url.Replace('-', '+').Replace('_', '/');
        return base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
    }
}
