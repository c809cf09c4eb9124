using System.Net;
using System.Net.Http.Json;
using Npgsql;
using StackExchange.Redis;
using Streaming.IntegrationTests.Api;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Delivery;

/// <summary>
/// Each way a session ends revokes its playback at once, with a reason the edge, the progress report, the stop and
/// the stream.stop event all agree on: stopped from another device, replaced by a new start on the same device,
/// subscription ended. device_id replaces instead of answering 409.
/// </summary>
[Collection(ApiContractCollection.Name)]
public sealed class RevocationReasonTests(ApiContractApp app) : IDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task A_session_stopped_from_another_device_is_refused_as_stopped_elsewhere()
    {
        var movie = await MediaBucket.UploadTitleAsync(app);
        using var account = new Viewer(app, await _users.CreateUserAsync(plan: "standard"));
        var (phone, phoneCredential) = await StartAsync(account, movie, "phone-1");
        await StartAsync(account, movie, "tv-1");

        using (var stop = await account.Http.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 60, session_id = phone, device_id = "tv-1" }))
        {
            stop.EnsureSuccessStatusCode();
        }

        await AssertRefusedAsync(phoneCredential, movie, "stopped_elsewhere");
        using var progress = await account.ReportProgressAsync(movie, 70, phone);
        var problem = await Problems.AssertProblemAsync(progress, HttpStatusCode.Conflict);
        Assert.Equal("stopped_elsewhere", problem.GetProperty("reason").GetString());
        Assert.Equal("This stream was stopped on another device.", problem.GetProperty("detail").GetString());
        using var again = await account.Http.PostAsJsonAsync($"/api/v1/stream/{movie}/stop", new { position_seconds = 60, session_id = phone });
        Assert.Equal("stopped_elsewhere", (await Problems.AssertProblemAsync(again, HttpStatusCode.Conflict)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_start_from_the_same_device_replaces_its_session_instead_of_answering_409()
    {
        using var events = new KafkaEventCollector(app.KafkaBootstrapServers);
        var (first, second) = (await MediaBucket.UploadTitleAsync(app), await MediaBucket.UploadTitleAsync(app));
        using var viewer = new Viewer(app, await _users.CreateUserAsync(plan: "basic"));
        var (old, oldCredential) = await StartAsync(viewer, first, "living-room");

        using (var otherDevice = await viewer.Http.PostAsJsonAsync($"/api/v1/stream/{second}", new { device_id = "phone" }))
        {
            var live = (await Problems.AssertProblemAsync(otherDevice, HttpStatusCode.Conflict)).GetProperty("live_sessions").EnumerateArray().Single();
            Assert.Equal("living-room", live.GetProperty("device_id").GetString());
        }
        var (replacement, newCredential) = await StartAsync(viewer, second, "living-room");

        await AssertRefusedAsync(oldCredential, first, "replaced");
        using (var allowed = await PlaybackCredentials.AuthorizeAsync(app, PlaybackCredentials.EdgeUri(newCredential, second)))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var progress = await viewer.ReportProgressAsync(first, 10, old);
        Assert.Equal("replaced", (await Problems.AssertProblemAsync(progress, HttpStatusCode.Conflict)).GetProperty("reason").GetString());
        var received = await events.WaitForAsync(viewer.UserId, e => e.Any(x => x.Topic == "stream.start" && x.SessionId == replacement), EventTimeout);
        var stop = Assert.Single(received, e => e.Topic == "stream.stop");
        Assert.Equal(old, stop.SessionId);
        Assert.Equal("replaced", stop.Payload.GetProperty("reason").GetString());
        Assert.Equal("replaced", await EndReasonAsync(old));
    }

    [Fact]
    public async Task A_lapsed_subscription_ends_the_session_at_the_next_authorisation()
    {
        using var events = new KafkaEventCollector(app.KafkaBootstrapServers);
        var movie = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        var (session, credential) = await StartAsync(viewer, movie, null);

        await _users.SetSubscriptionAsync(viewer.UserId, active: false);
        // The cached answer would hold for REDIS_SUBSCRIPTION_CACHE_TTL: its end is what this stands for.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(ResourceNames.Redis)))
        {
            await redis.GetDatabase().KeyDeleteAsync($"subscription:{viewer.UserId:N}");
        }

        await AssertRefusedAsync(credential, movie, "subscription_ended");
        using var progress = await viewer.ReportProgressAsync(movie, 10, session);
        Assert.Equal("subscription_ended", (await Problems.AssertProblemAsync(progress, HttpStatusCode.Conflict)).GetProperty("reason").GetString());
        var received = await events.WaitForAsync(viewer.UserId, e => e.Any(x => x.Topic == "stream.stop"), EventTimeout);
        Assert.Equal("subscription_ended", received.Single(e => e.Topic == "stream.stop").Payload.GetProperty("reason").GetString());
        Assert.Equal("subscription_ended", await EndReasonAsync(session));
    }

    [Fact]
    public async Task A_device_id_longer_than_128_characters_is_refused_with_400()
    {
        var movie = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        await Problems.AssertFieldErrorAsync(await viewer.Http.PostAsJsonAsync($"/api/v1/stream/{movie}", new { device_id = new string('d', 129) }), "device_id");
        await Problems.AssertFieldErrorAsync(await viewer.Http.PostAsJsonAsync($"/api/v1/stream/{movie}", new { device_id = 42 }), "device_id");
        await StartAsync(viewer, movie, new string('d', 128));
    }

    private static async Task<(Guid Session, string Credential)> StartAsync(Viewer viewer, Guid movie, string? deviceId)
    {
        using var response = await viewer.Http.PostAsJsonAsync($"/api/v1/stream/{movie}", deviceId is null ? new { } : (object)new { device_id = deviceId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var json = System.Text.Json.JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("session_id").GetGuid(), PlaybackCredentials.Of(json.GetProperty("manifest_url").GetString()!));
    }

    private async Task AssertRefusedAsync(string credential, Guid movie, string reason)
    {
        using var response = await PlaybackCredentials.AuthorizeAsync(app, PlaybackCredentials.EdgeUri(credential, movie, "v0/seg_00001.ts"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(reason, PlaybackCredentials.DeniedReason(response));
    }

    private async Task<string?> EndReasonAsync(Guid session)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT end_reason FROM stream_sessions WHERE id = $1 AND ended_at IS NOT NULL", connection)
        {
            Parameters = { new() { Value = session } },
        };
        return await select.ExecuteScalarAsync() as string;
    }

    public void Dispose() => _users.Dispose();
}
