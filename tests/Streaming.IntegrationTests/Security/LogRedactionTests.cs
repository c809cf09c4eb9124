using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Streaming.IntegrationTests.Api;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Security;

/// <summary>A playback link's credential is a bearer capability, and no log line of the API holds one.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class LogRedactionTests(ApiContractApp app)
{
    [Fact]
    public async Task No_log_line_of_a_manifest_request_contains_its_credential()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var users = new StubUserService(app);
        using var viewer = new Viewer(app, await users.CreateUserAsync());
        Assert.True(app.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Api, out var api));
        var lines = new ConcurrentQueue<string>();
        using var watching = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in app.App.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(api.ResourceId).WithCancellation(watching.Token))
                {
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.Content);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        using var start = await viewer.StartAsync(movieId);
        start.EnsureSuccessStatusCode();
        var manifestUrl = new Uri(JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("manifest_url").GetString()!);
        // /api/v1/playback/{credential}/{movie_id}/index.m3u8
        var credential = manifestUrl.AbsolutePath.Split('/')[4];
        Assert.True(credential.Length > 40, manifestUrl.ToString());
        using (var manifest = await viewer.Http.GetAsync(manifestUrl.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        }

        // ASP.NET Core's own Information line about the playback route shows that request-level lines reach this
        // capture at all; the hosting log's "Request starting .../{credential}/..." would come before it.
        await Eventually.TrueAsync(() => Task.FromResult(lines.Any(line => line.Contains("/api/v1/playback/", StringComparison.Ordinal))),
            "a log line about the playback route reaches the capture");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await watching.CancelAsync();
        await watcher;

        Assert.Contains(lines, line => line.Contains("/api/v1/playback/", StringComparison.Ordinal));
        var leaking = lines.Where(line => line.Contains(credential, StringComparison.Ordinal)).ToList();
        Assert.True(leaking.Count == 0, "Log lines with the credential:\n" + string.Join('\n', leaking));
    }
}
