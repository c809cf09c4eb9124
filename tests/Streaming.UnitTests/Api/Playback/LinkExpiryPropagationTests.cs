using System.Globalization;
using System.Web;
using Streaming.Api.Manifests;
using Streaming.Api.Playback;
using Streaming.Api.Storage;

namespace Streaming.UnitTests.Api.Playback;

/// <summary>
/// Every link in a rewritten manifest expires no later than the credential the manifest was fetched with; links to
/// other manifests stay relative, so they carry that same credential (its path prefix) and its expiry.
/// </summary>
public sealed class LinkExpiryPropagationTests
{
    private static readonly Guid Movie = Guid.Parse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01");
    private static readonly TimeSpan Bucket = TimeSpan.FromHours(1);
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset StartedAt = At(10, 20);

    // A master that lists a variant and itself (as an I-frame playlist): a loop a player can follow for ever.
    private const string Master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=100000\nv/index.m3u8\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1000,URI=\"index.m3u8\"\n";
    private const string Media = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nchunk_00001.ts\n#EXT-X-ENDLIST\n";

    private readonly S3UrlPresigner _presigner = new(new S3Options(new Uri("http://10.0.0.5:9000"), new Uri("https://media.example.com"),
        "vod:minioadmin", "minioadmin", "vod"));

    [Fact]
    public void Segments_fetched_in_a_later_bucket_expire_with_the_credential_not_with_the_bucket()
    {
        var credentialExp = SignatureWindow.Containing(StartedAt, Bucket, Lifetime).ExpiresAtUnixSeconds;
        Assert.Equal(At(12, 0).ToUnixTimeSeconds(), credentialExp);

        var media = Rewrite(Media, "v/index.m3u8", credentialExp, At(11, 59));
        var segment = Link(media, "https://media.example.com/vod/movies/");
        Assert.Equal(credentialExp, SegmentExpiry(segment));
    }

    [Fact]
    public void Links_to_manifests_stay_relative_and_unsigned_so_they_inherit_the_credential()
    {
        var exp = SignatureWindow.Containing(StartedAt, Bucket, Lifetime).ExpiresAtUnixSeconds;

        var master = Rewrite(Master, "index.m3u8", exp, At(11, 50));

        Assert.Equal("v/index.m3u8", Link(master, "v/"));
        Assert.Contains("URI=\"index.m3u8\"", master);
        Assert.DoesNotContain("?", master);
    }

    [Fact]
    public void Everyone_who_started_in_the_same_bucket_gets_the_same_rewritten_manifest()
    {
        var early = SignatureWindow.Containing(At(10, 0, 1), Bucket, Lifetime);
        var late = SignatureWindow.Containing(At(10, 59, 59), Bucket, Lifetime);
        Assert.Equal(early, late);

        var now = At(11, 30);
        Assert.Equal(
            SignatureWindow.Inheriting(early.ExpiresAtUnixSeconds, now, Bucket, Lifetime),
            SignatureWindow.Inheriting(late.ExpiresAtUnixSeconds, now.AddMinutes(20), Bucket, Lifetime));
        Assert.Equal(Rewrite(Media, "v/index.m3u8", early.ExpiresAtUnixSeconds, now),
            Rewrite(Media, "v/index.m3u8", late.ExpiresAtUnixSeconds, now.AddMinutes(20)));
    }

    [Fact]
    public void A_link_valid_longer_than_one_issued_now_would_be_is_cut_down_to_that()
    {
        var now = At(11, 30);
        var inherited = SignatureWindow.Inheriting(At(23, 0).ToUnixTimeSeconds(), now, Bucket, Lifetime);

        Assert.Equal(SignatureWindow.Containing(now, Bucket, Lifetime), inherited);
        Assert.True(inherited.SignedAt <= now);
    }

    [Fact]
    public void A_rewritten_manifest_is_reused_until_its_links_expire_or_the_current_bucket_ends()
    {
        var window = SignatureWindow.Inheriting(At(12, 0).ToUnixTimeSeconds(), At(10, 30), Bucket, Lifetime);
        Assert.Equal(At(11, 0), window.ReusableUntil(At(10, 30), Bucket));
        Assert.Equal(At(12, 0), window.ReusableUntil(At(11, 45), Bucket));
    }

    private string Rewrite(string manifest, string path, long parentExp, DateTimeOffset now)
    {
        var window = SignatureWindow.Inheriting(parentExp, now, Bucket, Lifetime);
        Assert.True(window.SignedAt <= now, "S3 refuses a presigned URL dated in the future.");
        return HlsPlaylistRewriter.Rewrite(manifest, path, new ManifestLinks(Movie, _presigner.Batch(window.SignedAt, window.Lifetime)));
    }

    private static string Link(string manifest, string startingWith) =>
        manifest.Split('\n', '"').Single(part => part.StartsWith(startingWith, StringComparison.Ordinal));

    private static long SegmentExpiry(string url)
    {
        var query = HttpUtility.ParseQueryString(new Uri(url).Query);
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return signedAt.ToUnixTimeSeconds() + long.Parse(query["X-Amz-Expires"]!, CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 11, 25, hour, minute, second, TimeSpan.Zero);
}
