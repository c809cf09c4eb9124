using System.Net;
using System.Text.Json;
using Streaming.Api.Playback;
using Streaming.Api.Playback.Credentials;
using Streaming.Api.Storage;

namespace Streaming.IntegrationTests.Playback;

/// <summary>
/// Presigned delivery (<see cref="PresignedApi"/>): the S3 server (Swift's s3api, which checks SigV4) serves the
/// rewritten URLs and refuses anything else.
/// </summary>
[Collection(PlaybackCollection.Name)]
public sealed class SignedSegmentTests(PlaybackApp app)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Every_segment_url_is_presigned_for_the_public_endpoint_and_served()
    {
        var stream = await app.StartStreamAsync("hls", PresignedApi.Name);
        var (_, segments) = await ManifestWalker.FirstVariantAsync(Http, stream.GetProperty("manifest_url").GetString()!);

        Assert.Equal(PlaybackApp.SampleSeconds / 4, segments.Length);
        var s3 = app.S3.Endpoint;
        foreach (var segment in segments)
        {
            Assert.Equal(s3.Authority, new Uri(segment).Authority);
            Assert.Contains("X-Amz-Signature=", segment);
            using var response = await Http.GetAsync(segment);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("video/mp2t", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task S3_refuses_unsigned_tampered_moved_and_expired_segment_urls()
    {
        var stream = await app.StartStreamAsync("hls", PresignedApi.Name);
        var (_, segments) = await ManifestWalker.FirstVariantAsync(Http, stream.GetProperty("manifest_url").GetString()!);
        var signed = segments[0];

        using (var ok = await Http.GetAsync(signed))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode); // the control: the same request, untouched, is served
        }
        await AssertRefusedAsync(signed.Split('?')[0], HttpStatusCode.BadRequest, HttpStatusCode.Forbidden);
        var signature = signed[(signed.LastIndexOf('=') + 1)..];
        var tampered = signed[..^1] + (signed[^1] == '0' ? '1' : '0');
        await AssertRefusedAsync(tampered, HttpStatusCode.Forbidden);
        // Another object's key with this object's query string (signature included).
        var moved = signed.Replace("chunk_00001.ts", "chunk_00002.ts", StringComparison.Ordinal);
        Assert.NotEqual(signed, moved);
        Assert.EndsWith(signature, moved);
        await AssertRefusedAsync(moved, HttpStatusCode.Forbidden);

        // Our presigner against the same server: fresh → served, signed two hours ago for one minute → refused.
        var key = new Uri(signed).AbsolutePath["/vod/".Length..];
        var presigner = new S3UrlPresigner(new S3Options(app.S3.Endpoint, app.S3.Endpoint, app.S3.AccessKey, app.S3.SecretKey, "vod"));
        using (var fresh = await Http.GetAsync(presigner.Batch(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)).Get(key)))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }
        await AssertRefusedAsync(presigner.Batch(DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromMinutes(1)).Get(key), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Manifest_route_refuses_missing_tampered_foreign_and_expired_credentials_with_problem_details()
    {
        var stream = await app.StartStreamAsync("hls", PresignedApi.Name);
        var manifestUrl = stream.GetProperty("manifest_url").GetString()!;
        Assert.True(stream.GetProperty("expires_in").GetInt32() >= 3600);
        using (var ok = await Http.GetAsync(manifestUrl))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("application/vnd.apple.mpegurl", ok.Content.Headers.ContentType?.MediaType);
        }

        var prefix = $"{app.PublicBaseUrl(PresignedApi.Name).TrimEnd('/')}/api/v1/playback/";
        Assert.StartsWith(prefix, manifestUrl);
        var credential = manifestUrl[prefix.Length..].Split('/')[0];
        var tampered = credential[..^2] + (credential[^2] == 'A' ? "BB" : "AA");
        await AssertProblemAsync(manifestUrl.Replace(credential, "not-a-credential", StringComparison.Ordinal), "invalid");
        await AssertProblemAsync(manifestUrl.Replace(credential, tampered, StringComparison.Ordinal), "invalid");
        await AssertProblemAsync(manifestUrl.Replace(PlaybackApp.Movie.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal), "wrong_title");

        var signer = new PlaybackCredentialSigner(PlaybackSigningOptions.DeriveKey(app.JwtSecret));
        var expired = signer.Issue(new PlaybackCredential(stream.GetProperty("session_id").GetGuid(), PlaybackApp.PremiumUser, PlaybackApp.Movie,
            DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()));
        var problem = await AssertProblemAsync(manifestUrl.Replace(credential, expired, StringComparison.Ordinal), "expired");
        Assert.Equal("Playback link expired", problem.GetProperty("title").GetString());
    }

    private static async Task AssertRefusedAsync(string url, params HttpStatusCode[] allowed)
    {
        using var response = await Http.GetAsync(url);
        Assert.Contains(response.StatusCode, allowed);
    }

    private static async Task<JsonElement> AssertProblemAsync(string url, string reason)
    {
        using var response = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(reason, response.Headers.GetValues("X-Playback-Denied").Single());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
