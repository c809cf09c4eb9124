using System.Globalization;
using System.Net;
using System.Web;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>
/// A manifest_url and every link reached from it (child manifests under the same credential, presigned segments) stop
/// working when the start answer said, plus at most one signing bucket: following links never extends access.
/// </summary>
[Collection(ApiTimingCollection.Name)]
public sealed class LinkExpiryTests(ApiTimingApp app) : IDisposable
{
    // The master lists a variant and, as an I-frame playlist, itself: a loop a player could follow for ever.
    private const string Master = """
        #EXTM3U
        #EXT-X-STREAM-INF:BANDWIDTH=100000
        v/index.m3u8
        #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=10000,URI="index.m3u8"

        """;

    private static readonly HttpClient Player = new();

    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task No_link_reached_from_an_expired_manifest_url_answers_200()
    {
        var movieId = Guid.NewGuid();
        await MediaBucket.UploadAsync(app, movieId, "index.m3u8", Master, "application/vnd.apple.mpegurl");
        await MediaBucket.UploadAsync(app, movieId, "v/index.m3u8", MediaBucket.HlsManifest, "application/vnd.apple.mpegurl");
        await MediaBucket.UploadAsync(app, movieId, "v/chunk_00001.ts", "not really video", "video/mp2t");
        // A loaded machine can take longer than a link lives to follow the links: then the scenario runs again with a
        // fresh start (the check below must see every link while it is valid), rather than failing on the clock.
        (string Manifest, string Variant, string Self, string Segment, long Exp)? followed = null;
        for (var attempt = 1; attempt <= 5 && followed is null; attempt++)
        {
            followed = await FollowLinksAsync(movieId);
        }
        Assert.True(followed is not null, "Five attempts could not follow the links before they expired.");
        var (manifestUrl, variantUrl, selfUrl, segmentUrl, exp) = followed.Value;

        // Child manifests are reached under the same credential, so they expire with it.
        var credential = PlaybackCredentials.Of(manifestUrl);
        Assert.Equal(credential, PlaybackCredentials.Of(variantUrl));
        Assert.Equal(credential, PlaybackCredentials.Of(selfUrl));
        Assert.True(SegmentExpiry(segmentUrl) <= exp, $"The segment URL expires at {SegmentExpiry(segmentUrl)}, after the manifest_url's {exp}.");

        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() <= exp + 1)
        {
            await Task.Delay(200);
        }
        foreach (var url in new[] { manifestUrl, variantUrl, selfUrl })
        {
            using var response = await Player.GetAsync(url);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("expired", PlaybackCredentials.DeniedReason(response));
        }
        using (var expired = await Player.GetAsync(segmentUrl))
        {
            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        }
    }

    /// <summary>
    /// Starts (as a new viewer, so that no stream limit counts the earlier attempts), then follows every link in a later
    /// signing bucket; null when that took longer than they live.
    /// </summary>
    private async Task<(string, string, string, string, long)?> FollowLinksAsync(Guid movieId)
    {
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        var requestedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var start = await Json.ReadAsync(await viewer.StartAsync(movieId, "hls"));
        var respondedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var manifestUrl = new Uri(viewer.Http.BaseAddress!, start.GetProperty("manifest_url").GetString()).ToString();
        var expiresIn = start.GetProperty("expires_in").GetInt32();
        var exp = PlaybackCredentials.Read(PlaybackCredentials.Of(manifestUrl), movieId).ExpiresAtUnixSeconds;
        Assert.Equal((int)ApiTimingApp.SignedUrlExpiration.TotalSeconds, expiresIn);
        // expires_in is truthful: valid at least that long after the start was signed, at most one signing bucket longer.
        Assert.InRange(exp, requestedAt + expiresIn, respondedAt + expiresIn + (long)ApiTimingApp.SignedUrlBucket.TotalSeconds + 1);

        // Follow the links in a later signing bucket than the start's: links signed "now" must not outlive the start's.
        await Task.Delay(ApiTimingApp.SignedUrlBucket + TimeSpan.FromMilliseconds(300));
        var master = await GetManifestAsync(manifestUrl);
        var variantUrl = Resolve(manifestUrl, UriLines(master).Single());
        var selfUrl = Resolve(manifestUrl, master.Split("URI=\"")[1].Split('"')[0]);
        var segmentUrl = UriLines(await GetManifestAsync(variantUrl)).Single();
        await GetManifestAsync(selfUrl);
        using (var segment = await Player.GetAsync(segmentUrl))
        {
            Assert.Equal(HttpStatusCode.OK, segment.StatusCode); // the control: S3 serves it while the link is valid
        }
        return DateTimeOffset.UtcNow.ToUnixTimeSeconds() <= exp ? (manifestUrl, variantUrl, selfUrl, segmentUrl, exp) : null;
    }

    private static async Task<string> GetManifestAsync(string url)
    {
        using var response = await Player.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>When S3 stops accepting a presigned URL: X-Amz-Date plus X-Amz-Expires.</summary>
    private static long SegmentExpiry(string url)
    {
        var query = HttpUtility.ParseQueryString(new Uri(url).Query);
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return signedAt.ToUnixTimeSeconds() + long.Parse(query["X-Amz-Expires"]!, CultureInfo.InvariantCulture);
    }

    private static string Resolve(string baseUrl, string reference) => new Uri(new Uri(baseUrl), reference).ToString();

    private static IEnumerable<string> UriLines(string playlist) =>
        playlist.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'));

    public void Dispose() => _users.Dispose();
}
