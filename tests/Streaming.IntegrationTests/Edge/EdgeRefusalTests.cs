using System.Net;
using System.Text.Json;
using Streaming.Hosting.Edge;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Playback;

namespace Streaming.IntegrationTests.Edge;

/// <summary>
/// What the edge (<see cref="StubEdges"/>, asking the stub authoriser) refuses, and what it does when the API or
/// the bucket fails.
/// </summary>
[Collection(PlaybackCollection.Name)]
public sealed class EdgeRefusalTests(PlaybackApp app)
{
    [Fact]
    public async Task A_refused_credential_gets_403_with_the_apis_reason_and_nothing_is_fetched()
    {
        var movie = Guid.NewGuid();
        await EdgeObjects.PutAsync(app, movie, "index.m3u8", 100, "application/vnd.apple.mpegurl");
        using var edge = app.CreateEdgeClient(StubEdges.Stub);

        using var response = await edge.GetAsync($"/play/deny-stopped_elsewhere/{movie}/index.m3u8");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("stopped_elsewhere", response.Headers.GetValues("X-Playback-Denied").Single());
        Assert.Equal("NONE", response.Headers.GetValues("X-Cache-Status").Single());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("stopped_elsewhere", problem.GetProperty("reason").GetString());
        var entry = Assert.Single(await EdgeLog.EntriesForAsync(app.AccessLogPath(StubEdges.Stub), $"movies/{movie}/index.m3u8", 1));
        Assert.False(entry.FetchedFromOrigin);
    }

    [Theory]
    [InlineData("/play/{credential}/{movie}/../{other}/secret.ts")]
    [InlineData("/play/{credential}/{movie}/%2e%2e/{other}/secret.ts")]
    [InlineData("/play/{credential}/{movie}/%2E%2E%2F{other}%2Fsecret.ts")]
    [InlineData("/play/{credential}/{movie}/v0/..%2f..%2f{other}/secret.ts")]
    public async Task A_path_that_climbs_into_another_title_is_authorised_for_that_title_and_refused(string attack)
    {
        var (movie, other) = (Guid.NewGuid(), Guid.NewGuid());
        await EdgeObjects.PutAsync(app, other, "secret.ts", 1000);
        var target = attack.Replace("{credential}", EdgeObjects.CredentialFor(movie), StringComparison.Ordinal)
            .Replace("{movie}", movie.ToString(), StringComparison.Ordinal).Replace("{other}", other.ToString(), StringComparison.Ordinal);

        var response = await RawHttp.GetAsync(app.App.GetEndpoint(StubEdges.Stub, "http"), target);

        Assert.Equal(403, response.Status);
        Assert.Equal("wrong_title", response.Headers["X-Playback-Denied"]);
        Assert.Contains(app.Authorizer.Calls, call => call.OriginalUri == $"/play/{EdgeObjects.CredentialFor(movie)}/{other}/secret.ts");
        Assert.DoesNotContain(await EdgeAccessLog.ReadAsync(app.AccessLogPath(StubEdges.Stub)), entry => entry.Object.Contains(other.ToString(), StringComparison.Ordinal) && entry.FetchedFromOrigin);
    }

    [Theory]
    [InlineData("/play/{credential}/{movie}/", 404)]
    [InlineData("/play/{credential}/{MOVIE}/index.m3u8", 404)]
    [InlineData("/play//{movie}/index.m3u8", 404)]
    [InlineData("/play/{credential}/{movie}/index.m3u8%3Fx=1", 404)]
    [InlineData("/play/{credential}/{movie}/v0/..%252f..%252findex.m3u8", 404)]
    [InlineData("/play/{credential}/{movie}/a%00.ts", 400)]
    [InlineData("/../vod/movies/{movie}/index.m3u8", 400)]
    [InlineData("/vod/movies/{movie}/index.m3u8", 404)]
    public async Task A_malformed_playback_path_never_reaches_the_api_or_the_bucket(string path, int status)
    {
        var movie = Guid.NewGuid();
        await EdgeObjects.PutAsync(app, movie, "index.m3u8", 100, "application/vnd.apple.mpegurl");
        var credential = EdgeObjects.CredentialFor(movie);
        var target = path.Replace("{credential}", credential, StringComparison.Ordinal).Replace("{movie}", movie.ToString(), StringComparison.Ordinal)
            .Replace("{MOVIE}", movie.ToString().ToUpperInvariant(), StringComparison.Ordinal);

        var response = await RawHttp.GetAsync(app.App.GetEndpoint(StubEdges.Stub, "http"), target);

        Assert.Equal(status, response.Status);
        Assert.Equal("NONE", response.Headers["X-Cache-Status"]);
        Assert.Equal(0, app.Authorizer.CallsFor(credential));
    }

    [Fact]
    public async Task The_edge_signs_for_the_bucket_a_wrong_secret_is_refused_by_it()
    {
        var movie = Guid.NewGuid();
        await EdgeObjects.PutAsync(app, movie, "index.m3u8", 100, "application/vnd.apple.mpegurl");
        using var edge = app.CreateEdgeClient(StubEdges.WrongKey);

        using var response = await edge.GetAsync($"/play/{EdgeObjects.CredentialFor(movie)}/{movie}/index.m3u8");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var entry = Assert.Single(await EdgeLog.EntriesForAsync(app.AccessLogPath(StubEdges.WrongKey), $"movies/{movie}/index.m3u8", 1));
        Assert.Equal("403", entry.OriginStatus);
    }

    [Fact]
    public async Task While_the_api_is_down_allowed_viewers_keep_playing_and_new_ones_get_503()
    {
        var movie = Guid.NewGuid();
        await EdgeObjects.PutAsync(app, movie, "v0/seg_00001.ts", 1000);
        await EdgeObjects.PutAsync(app, movie, "v0/seg_00002.ts", 1000);
        using var edge = app.CreateEdgeClient(StubEdges.Stub);
        var watching = $"short-{movie.ToString()[..8]}";
        using (var first = await edge.GetAsync($"/play/{watching}/{movie}/v0/seg_00001.ts"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        app.Authorizer.Down = true;
        try
        {
            // The allowed answer lives one second; past it the edge must reuse it stale rather than refuse.
            await Eventually.TrueAsync(async () =>
            {
                using var playing = await edge.GetAsync($"/play/{watching}/{movie}/v0/seg_00002.ts");
                Assert.Equal(HttpStatusCode.OK, playing.StatusCode);
                var entries = await EdgeLog.EntriesForAsync(app.AccessLogPath(StubEdges.Stub), $"movies/{movie}/v0/seg_00002.ts", 1);
                return entries.Any(entry => entry.AuthCache == "STALE");
            }, "the edge serves on a stale allowed answer");

            using var newcomer = await edge.GetAsync($"/play/{EdgeObjects.CredentialFor(movie)}/{movie}/v0/seg_00002.ts");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, newcomer.StatusCode);
            Assert.Equal("application/problem+json", newcomer.Content.Headers.ContentType!.MediaType);
        }
        finally
        {
            app.Authorizer.Down = false;
        }
    }
}
