using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Streaming.AppHost.Infrastructure;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.FaultSuite;

/// <summary>
/// Simulated viewers: each one starts a title, fetches its manifest and a segment through the edge, reports its position
/// every <see cref="ProgressInterval"/> (fetching the segment again each time, as a playing player fetches the next
/// one), stops after a few reports and starts again (churn across users and titles), as a player does. A failed start or stop
/// is repeated every second until it succeeds; a failed progress report is dropped (the next one supersedes it).
/// Every answer goes into the <see cref="Ledger"/>.
/// </summary>
public sealed class ViewerLoad(FaultApp app, Ledger ledger, int viewers, int titles)
{
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(4);
    private const int ReportsPerSession = 6;

    /// <summary>
    /// How long each title is (its playlist's one segment): the API clamps a position to its title's duration, so
    /// titles must outlast any run (a viewer's position on a title grows by at most a second per second of the run).
    /// The ledger clamps too, so that a run longer than this still audits what the API was asked to keep.
    /// </summary>
    public const int TitleSeconds = 4 * 3600;

    private const string SegmentName = "chunk_00001.ts";
    private const int SegmentBytes = 16 * 1024;

    private readonly HttpClient _api = CreateApiClient(app);
    private readonly HttpClient _player = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<Guid> _titles = [];
    private readonly List<string> _tokens = [];

    public async Task PrepareAsync()
    {
        using var s3 = Streaming.Core.Storage.S3Connection.Parse(await app.ConnectionStringAsync(BackingServices.S3Name)).CreateClient();
        for (var i = 0; i < titles; i++)
        {
            var movie = Guid.NewGuid();
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "vod", Key = $"movies/{movie}/index.m3u8", ContentType = "application/vnd.apple.mpegurl", UseChunkEncoding = false,
                ContentBody = $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{TitleSeconds}\n#EXTINF:{TitleSeconds}.0,\n{SegmentName}\n#EXT-X-ENDLIST\n",
            });
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "vod", Key = $"movies/{movie}/{SegmentName}", ContentType = "video/mp2t", UseChunkEncoding = false,
                InputStream = new MemoryStream(new byte[SegmentBytes]),
            });
            _titles.Add(movie);
        }

        using var userService = app.CreateClient(ServiceNames.UserService);
        for (var i = 0; i < viewers; i++)
        {
            var user = Guid.NewGuid();
            (await userService.PutAsJsonAsync($"/dev/users/{user}/subscription",
                new { active = true, plan = "premium", expires_at = DateTimeOffset.UtcNow.AddDays(30) })).EnsureSuccessStatusCode();
            using var token = await userService.PostAsJsonAsync("/dev/token", new { user_id = user });
            token.EnsureSuccessStatusCode();
            _tokens.Add((await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!);
        }
    }

    public Task RunAsync(CancellationToken stopping) =>
        Task.WhenAll(_tokens.Select((token, index) => Task.Run(() => ViewAsync(token, index, stopping), CancellationToken.None)));

    private async Task ViewAsync(string token, int index, CancellationToken stopping)
    {
        var random = new Random(index);
        var user = UserOf(token);
        var positions = new Dictionary<Guid, int>();
        await Task.Delay(TimeSpan.FromMilliseconds(random.Next((int)ProgressInterval.TotalMilliseconds)), CancellationToken.None);
        while (!stopping.IsCancellationRequested)
        {
            var movie = _titles[random.Next(_titles.Count)];
            var position = positions.GetValueOrDefault(movie);
            if (await UntilOkAsync(RequestKind.Start, token, $"/api/v1/stream/{movie}", new { manifest_type = "hls" }, stopping) is not { } started)
            {
                return; // the run ended while the start was being retried: nothing is open
            }
            var session = started.GetProperty("session_id").GetGuid();
            ledger.StartedSessions.Enqueue((session, ledger.Now));
            var manifestUrl = new Uri(started.GetProperty("manifest_url").GetString()!);
            var segmentUrl = new Uri(manifestUrl, SegmentName); // relative to the manifest: inherits the credential
            await FetchAsync(RequestKind.Manifest, manifestUrl);
            await FetchAsync(RequestKind.Segment, segmentUrl);

            for (var report = 0; report < ReportsPerSession && !stopping.IsCancellationRequested; report++)
            {
                await Task.Delay(ProgressInterval, CancellationToken.None);
                await FetchAsync(RequestKind.Segment, segmentUrl);
                position += (int)ProgressInterval.TotalSeconds;
                var sentAt = ledger.Now;
                var (status, body, reason) = await SendAsync(token, $"/api/v1/stream/{movie}/progress", new { position_seconds = position });
                ledger.Record(RequestKind.Progress, sentAt, status, reason);
                if (status == 200 && body?.GetProperty("message").GetString() == "Progress updated successfully")
                {
                    ledger.Accept(user, movie, Math.Min(position, TitleSeconds), sentAt);
                }
            }

            // A stop always completes, even after the run ended: a viewer never leaves a session open.
            position += 1;
            var stopSentAt = ledger.Now;
            await UntilOkAsync(RequestKind.Stop, token, $"/api/v1/stream/{movie}/stop", new { position_seconds = position }, CancellationToken.None);
            ledger.StoppedSessions.Enqueue((session, stopSentAt));
            ledger.Accept(user, movie, Math.Min(position, TitleSeconds), stopSentAt);
            positions[movie] = position;
        }
    }

    /// <summary>A media request as a player makes it (no credentials but the URL's), whole body read.</summary>
    private async Task FetchAsync(RequestKind kind, Uri url)
    {
        var sentAt = ledger.Now;
        try
        {
            using var response = await _player.GetAsync(url);
            await response.Content.CopyToAsync(Stream.Null);
            ledger.Record(kind, sentAt, (int)response.StatusCode, response.IsSuccessStatusCode ? null : response.Headers.TryGetValues("X-Playback-Denied", out var denied) ? string.Join(",", denied) : response.ReasonPhrase);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            ledger.Record(kind, sentAt, 0, ex.GetType().Name);
        }
    }

    private async Task<JsonElement?> UntilOkAsync(RequestKind kind, string token, string path, object body, CancellationToken stopping)
    {
        while (true)
        {
            var sentAt = ledger.Now;
            var (status, answer, reason) = await SendAsync(token, path, body);
            ledger.Record(kind, sentAt, status, reason);
            if (status == 200)
            {
                return answer;
            }
            if (stopping.IsCancellationRequested)
            {
                return null;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }
    }

    /// <summary>The answer's status, its JSON when 200, and otherwise why (a problem's title).</summary>
    private async Task<(int Status, JsonElement? Body, string? Reason)> SendAsync(string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await _api.SendAsync(request);
            if ((int)response.StatusCode == 200)
            {
                return (200, await response.Content.ReadFromJsonAsync<JsonElement>(), null);
            }
            var problem = await response.Content.ReadAsStringAsync();
            var title = problem.StartsWith('{') && JsonDocument.Parse(problem).RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            return ((int)response.StatusCode, null, title);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (0, null, ex.GetType().Name); // no answer within the client's timeout, or the connection broke
        }
    }

    private static Guid UserOf(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetGuid();
    }

    private static HttpClient CreateApiClient(FaultApp app)
    {
        var client = app.CreateClient(ServiceNames.Api);
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }
}
