using System.Net;
using Streaming.Api.Playback.Credentials;
using Streaming.Core.Storage;
using Streaming.Hosting.Edge;
using Streaming.IntegrationTests.Edge;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Playback;

namespace Streaming.IntegrationTests.Delivery;

/// <summary>
/// What an attacker holding a credential (or none) can try at the edge with the real API behind it: every attempt is
/// refused and none reaches another object; and the bucket cannot be reached around the edge.
/// </summary>
[Collection(PlaybackCollection.Name)]
public sealed class EdgeCredentialAttackTests(PlaybackApp app) : IDisposable
{
    private readonly StubUserService _users = new(app);
    private readonly HttpClient _edge = app.CreateEdgeClient();

    [Fact]
    public async Task Foreign_expired_tampered_revoked_missing_and_traversing_credentials_are_refused_and_reach_no_other_object()
    {
        var (title, other) = (await EdgeTitle.UploadAsync(app), await EdgeTitle.UploadAsync(app));
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        var session = await EdgeSession.StartAsync(viewer, title.Movie);
        var credential = session.Credential;
        var segment = title.FirstSegment;
        Assert.Equal(title.Objects[segment], await session.FetchAsync(_edge, segment)); // the control: the genuine request is served

        var expired = PlaybackCredentials.Signer.Issue(new PlaybackCredential(session.Id, viewer.UserId, title.Movie, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()));
        var tampered = credential[..^2] + (credential[^2] == 'A' ? "BB" : "AA");
        var forged = PlaybackCredentials.Signer.Issue(new PlaybackCredential(session.Id, viewer.UserId, other.Movie, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()))[..^1] + "x";
        await AssertRefusedAsync($"/play/{credential}/{other.Movie}/{EdgeTitle.Master}", "wrong_title");
        await AssertRefusedAsync($"/play/{credential}/{other.Movie}/{other.FirstSegment}", "wrong_title");
        await AssertRefusedAsync($"/play/{expired}/{title.Movie}/{segment}", "expired");
        await AssertRefusedAsync($"/play/{tampered}/{title.Movie}/{segment}", "invalid");
        await AssertRefusedAsync($"/play/{forged}/{other.Movie}/{segment}", "invalid");

        // Climbing into the other title, literally and encoded: the edge normalises the path first, so the API is asked
        // about the title actually requested, and refuses it.
        foreach (var target in new[]
        {
            $"/play/{credential}/{title.Movie}/../{other.Movie}/{EdgeTitle.Master}",
            $"/play/{credential}/{title.Movie}/v0/../../{other.Movie}/{other.FirstSegment}",
            $"/play/{credential}/{title.Movie}/%2e%2e/{other.Movie}/{EdgeTitle.Master}",
            $"/play/{credential}/{title.Movie}/%2E%2E%2F{other.Movie}%2F{EdgeTitle.Master}",
            $"/play/{credential}/{title.Movie}%2f..%2f{other.Movie}/{EdgeTitle.Master}",
            $"/play/{credential}/{title.Movie}/v0%2f..%2f..%2f{other.Movie}%2fv0%2f{other.FirstSegment[3..]}",
        })
        {
            await AssertRefusedAsync(target, "wrong_title");
        }
        // Missing, out of /play/ or not a path the edge knows: refused one way or another, never served.
        foreach (var target in new[]
        {
            $"/play/{title.Movie}/{segment}", $"/play//{title.Movie}/{segment}", $"/movies/{title.Movie}/{segment}",
            $"/vod/movies/{title.Movie}/{segment}",
            $"/play/{credential}/{title.Movie}/../../../vod/movies/{other.Movie}/{EdgeTitle.Master}",
            $"/play/{credential}/{title.Movie}/..%252f{other.Movie}/{EdgeTitle.Master}",
            $"/play/{credential}/{title.Movie}/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd",
        })
        {
            var response = await RawHttp.GetAsync(app.EdgeUrl, target);
            Assert.True(response.Status is 400 or 403 or 404, $"{target}: {response.Status}");
            Assert.DoesNotContain("#EXT", response.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("root:", response.Body, StringComparison.Ordinal);
        }

        // No request above made the edge fetch (or serve) any object of the other title.
        var sentinel = title.Segments.Last();
        await session.FetchAsync(_edge, sentinel);
        var entries = await EdgeLog.EntriesForAsync(app.AccessLogPath(), EdgeTitle.ObjectKey(title.Movie, sentinel), 1);
        var log = await EdgeAccessLog.ReadAsync(app.AccessLogPath());
        Assert.DoesNotContain(log, entry => entry.Object.Contains(other.Movie.ToString(), StringComparison.Ordinal) && (entry.Status == 200 || entry.FetchedFromOrigin));
        Assert.NotEmpty(entries);
    }

    [Fact]
    public async Task Another_sessions_credential_and_a_credential_replayed_after_its_revocation_are_refused()
    {
        var title = await EdgeTitle.UploadAsync(app);
        using var mallory = new Viewer(app, await _users.CreateUserAsync());
        using var alice = new Viewer(app, await _users.CreateUserAsync());
        var own = await EdgeSession.StartAsync(mallory, title.Movie);
        var borrowed = await EdgeSession.StartAsync(alice, title.Movie);
        await own.FetchAsync(_edge, title.FirstSegment);
        await borrowed.FetchAsync(_edge, title.FirstSegment);

        // Alice stops: her credential, in anyone's hands, stops working.
        (await alice.StopAsync(title.Movie, 4)).EnsureSuccessStatusCode();
        Assert.Equal("stopped", await borrowed.WaitUntilRefusedAsync(_edge, title.FirstSegment, TimeSpan.FromSeconds(60)));
        // Mallory stops and replays the URLs that worked a moment ago.
        (await mallory.StopAsync(title.Movie, 4)).EnsureSuccessStatusCode();
        Assert.Equal("stopped", await own.WaitUntilRefusedAsync(_edge, title.FirstSegment, TimeSpan.FromSeconds(60)));
        foreach (var path in title.Objects.Keys)
        {
            await AssertRefusedAsync(own.UrlOf(path).PathAndQuery, "stopped");
            await AssertRefusedAsync(borrowed.UrlOf(path).PathAndQuery, "stopped");
        }
    }

    [Fact]
    public async Task The_bucket_is_not_reachable_around_the_edge_and_players_get_no_s3_url()
    {
        var title = await EdgeTitle.UploadAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        using var started = await viewer.StartAsync(title.Movie);
        var body = await started.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var s3 = S3Connection.Parse(await app.ConnectionStringAsync(ResourceNames.S3)).Endpoint;
        Assert.DoesNotContain("X-Amz-", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(s3.Authority, body, StringComparison.Ordinal);
        var session = new EdgeSession(Guid.Empty, title.Movie, new Uri(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("manifest_url").GetString()!));
        Assert.Equal(app.EdgeUrl.Authority, session.ManifestUrl.Authority);

        // The manifests a player receives are the stored ones, byte for byte: nothing presigned, no S3 address.
        foreach (var playlist in new[] { EdgeTitle.Master, EdgeTitle.Variant })
        {
            var served = await session.FetchAsync(_edge, playlist);
            Assert.Equal(title.Objects[playlist], served);
            Assert.DoesNotContain("X-Amz-", System.Text.Encoding.UTF8.GetString(served), StringComparison.OrdinalIgnoreCase);
        }
        using (var segment = await session.GetAsync(_edge, title.FirstSegment))
        {
            Assert.Equal(HttpStatusCode.OK, segment.StatusCode);
            Assert.DoesNotContain(segment.Headers, header => header.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase));
        }

        // The same object straight from S3, unsigned, and with the viewer's credential: refused.
        using var direct = new HttpClient();
        foreach (var url in new[]
        {
            new Uri(s3, $"/vod/{EdgeTitle.ObjectKey(title.Movie, title.FirstSegment)}"),
            new Uri(s3, $"/vod/{EdgeTitle.ObjectKey(title.Movie, title.FirstSegment)}?credential={session.Credential}"),
            new Uri(s3, $"/vod/{EdgeTitle.ObjectKey(title.Movie, EdgeTitle.Master)}"),
        })
        {
            using var response = await direct.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{url}: {(int)response.StatusCode}");
        }
    }

    private async Task AssertRefusedAsync(string target, string reason)
    {
        var response = await RawHttp.GetAsync(app.EdgeUrl, target);
        Assert.True(response.Status == 403, $"{target}: {response.Status}");
        Assert.Equal(reason, response.Headers.GetValueOrDefault("X-Playback-Denied"));
        Assert.Equal("NONE", response.Headers.GetValueOrDefault("X-Cache-Status"));
    }

    public void Dispose()
    {
        _edge.Dispose();
        _users.Dispose();
    }
}
