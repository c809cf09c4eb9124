using System.Net;
using System.Net.Http.Headers;
using Streaming.Hosting.Edge;
using Streaming.IntegrationTests.Playback;

namespace Streaming.IntegrationTests.Edge;

/// <summary>
/// The edge (<see cref="StubEdges.Stub"/>, asking the stub authoriser) caches each object once for every viewer,
/// collapses concurrent misses, and serves ranges.
/// </summary>
[Collection(PlaybackCollection.Name)]
public sealed class EdgeCachingTests(PlaybackApp app)
{
    [Fact]
    public async Task First_request_is_a_miss_fetched_from_the_bucket_and_the_next_ones_are_hits_for_any_viewer()
    {
        var movie = Guid.NewGuid();
        var bytes = await EdgeObjects.PutAsync(app, movie, "v0/seg_00001.ts", 200_000);
        using var edge = app.CreateEdgeClient(StubEdges.Stub);

        var statuses = new List<string>();
        // Three viewers: three credentials for the same title.
        foreach (var credential in new[] { $"ok-{movie.ToString()[..8]}", $"ok-{movie.ToString()[..6]}", $"ok-{movie.ToString()[..4]}" })
        {
            using var response = await edge.GetAsync($"/play/{credential}/{movie}/v0/seg_00001.ts");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            // Swift answers with x-amz-id-2, x-amz-request-id, X-Trans-Id and X-Openstack-Request-Id: none reaches the player.
            Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)
                || header.Key is "X-Trans-Id" or "X-Openstack-Request-Id");
            statuses.Add(response.Headers.GetValues("X-Cache-Status").Single());
        }

        Assert.Equal(["MISS", "HIT", "HIT"], statuses);
        var entries = await EdgeLog.EntriesForAsync(app.AccessLogPath(StubEdges.Stub), $"movies/{movie}/v0/seg_00001.ts", 3);
        Assert.Equal(1, EdgeTraffic.OriginFetchesOf(entries, $"movies/{movie}/v0/seg_00001.ts"));

        // The dashboard shows the counters as properties of the edge resource.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var shown = await app.App.ResourceNotifications.WaitForResourceAsync(StubEdges.Stub,
            e => e.Snapshot.Properties.Any(p => p.Name == "edge.hits" && p.Value is int hits && hits >= 2), timeout.Token);
        Assert.Contains(shown.Snapshot.Properties, p => p.Name == "edge.origin-fetches" && p.Value is int fetches && fetches >= 1);
    }

    [Fact]
    public async Task Twenty_concurrent_first_requests_for_one_object_fetch_it_from_the_bucket_once()
    {
        var movie = Guid.NewGuid();
        var bytes = await EdgeObjects.PutAsync(app, movie, "v0/seg_00002.ts", 2_000_000);
        using var edge = app.CreateEdgeClient(StubEdges.Stub);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await edge.GetAsync($"/play/{EdgeObjects.CredentialFor(movie)}/{movie}/v0/seg_00002.ts");
            return (response.StatusCode, Body: await response.Content.ReadAsByteArrayAsync(), Cache: response.Headers.GetValues("X-Cache-Status").Single());
        }));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.All(responses, response => Assert.Equal(bytes, response.Body));
        var entries = await EdgeLog.EntriesForAsync(app.AccessLogPath(StubEdges.Stub), $"movies/{movie}/v0/seg_00002.ts", 20);
        Assert.Equal(1, EdgeTraffic.OriginFetchesOf(entries, $"movies/{movie}/v0/seg_00002.ts"));
        Assert.Single(responses, response => response.Cache == "MISS");
    }

    [Fact]
    public async Task A_range_request_is_answered_206_with_those_bytes_from_the_cached_object()
    {
        var movie = Guid.NewGuid();
        var bytes = await EdgeObjects.PutAsync(app, movie, "init-0.m4s", 50_000, "video/mp4");
        using var edge = app.CreateEdgeClient(StubEdges.Stub);

        foreach (var expected in new[] { "MISS", "HIT" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/play/{EdgeObjects.CredentialFor(movie)}/{movie}/init-0.m4s");
            request.Headers.Range = new RangeHeaderValue(1000, 1999);
            using var response = await edge.SendAsync(request);

            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(bytes[1000..2000], await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("bytes 1000-1999/50000", response.Content.Headers.ContentRange!.ToString());
            Assert.Equal(expected, response.Headers.GetValues("X-Cache-Status").Single());
        }
    }

    [Fact]
    public async Task The_api_is_asked_once_per_credential_and_title_with_only_the_normalised_path()
    {
        var movie = Guid.NewGuid();
        await EdgeObjects.PutAsync(app, movie, "index.m3u8", 100, "application/vnd.apple.mpegurl");
        await EdgeObjects.PutAsync(app, movie, "v0/seg_00001.ts", 1000);
        using var edge = app.CreateEdgeClient(StubEdges.Stub);
        var credential = EdgeObjects.CredentialFor(movie);

        foreach (var path in new[] { "index.m3u8", "v0/seg_00001.ts", "index.m3u8", "v0//seg_00001.ts" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/play/{credential}/{movie}/{path}?token=viewer-secret");
            request.Headers.Add("Cookie", "session=viewer-cookie");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "viewer-token");
            using var response = await edge.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var call = Assert.Single(app.Authorizer.Calls, call => call.OriginalUri.StartsWith($"/play/{credential}/{movie}/", StringComparison.Ordinal));
        Assert.Equal($"/play/{credential}/{movie}/index.m3u8", call.OriginalUri);
        Assert.DoesNotContain(call.Headers, header => header is "Cookie" or "Authorization");
    }
}
