using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using Streaming.Api.Http;
using Streaming.Api.Subscriptions;

namespace Streaming.Api.Player;

/// <summary>
/// Development only: <c>/player</c>, a page that plays a title with hls.js or dash.js (built into the output from
/// npm, see Player.targets), and <c>POST /player/token</c>, which forwards to the user service's <c>/dev/token</c>
/// so that the page needs no cross-origin call.
/// </summary>
public static class PlayerEndpoints
{
    public const string HttpClientName = "player-dev-token";

    public static IServiceCollection AddPlayerPage(this IServiceCollection services, IConfiguration configuration)
    {
        var userService = UserServiceClient.BaseAddressFrom(configuration);
        services.AddHttpClient(HttpClientName, http => http.BaseAddress = new Uri(userService.TrimEnd('/') + "/"));
        return services;
    }

    /// <summary>The player page and its development token route, in Development only (it mints tokens).</summary>
    public static WebApplication MapPlayerPage(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }
        var folder = Path.Combine(AppContext.BaseDirectory, "player");
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            app.Logger.LogWarning("No player page in {Folder}: build the API in Debug (it runs npm ci in Streaming.Api/Player).", folder);
            return app;
        }
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = "/player" });
        app.MapGet("/player", () => TypedResults.PhysicalFile(Path.Combine(folder, "index.html"), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        app.MapPost("/player/token", IssueTokenAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> IssueTokenAsync(
        HttpRequest request, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).PostAsJsonAsync("dev/token", body, cancellationToken);
            var content = await response.Content.ReadAsStringAsync(cancellationToken);
            return TypedResults.Content(content, response.Content.Headers.ContentType?.ToString() ?? "application/json", statusCode: (int)response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            return ProblemResponses.Problem(StatusCodes.Status503ServiceUnavailable, "User service unavailable", ex.Message);
        }
    }
}
