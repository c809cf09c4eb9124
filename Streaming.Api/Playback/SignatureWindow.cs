namespace Streaming.Api.Playback;

/// <summary>
/// The time bucket every signature made during it shares: signed at the bucket's start, valid until the bucket's end
/// plus the configured lifetime. Signatures then depend on the bucket only, not on the user or the second, so a
/// rewritten manifest is computed once per bucket and served to everyone; each URL still lives at least the lifetime.
/// </summary>
public readonly record struct SignatureWindow(DateTimeOffset SignedAt, DateTimeOffset ExpiresAt)
{
    public TimeSpan Lifetime => ExpiresAt - SignedAt;

    public long ExpiresAtUnixSeconds => ExpiresAt.ToUnixTimeSeconds();

    /// <summary>The window of a link handed out at <paramref name="now"/> (a stream start's manifest_url).</summary>
    public static SignatureWindow Containing(DateTimeOffset now, TimeSpan bucket, TimeSpan lifetime)
    {
        var signedAt = BucketStart(now, bucket);
        return new SignatureWindow(signedAt, signedAt + bucket + lifetime);
    }

    /// <summary>
    /// The window of every link in a manifest fetched through a link that expires at <paramref name="expiresAtUnixSeconds"/>:
    /// the same expiry, so following links never extends access, and signed at the start of the bucket that issued the
    /// parent link, so the result depends on that expiry alone and is shared by everyone who started in that bucket.
    /// A parent valid longer than a link issued now would be (signed under a longer lifetime) is cut down to that.
    /// </summary>
    public static SignatureWindow Inheriting(long expiresAtUnixSeconds, DateTimeOffset now, TimeSpan bucket, TimeSpan lifetime)
    {
        var newest = Containing(now, bucket, lifetime);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiresAtUnixSeconds);
        return expiresAt >= newest.ExpiresAt ? newest : new SignatureWindow(expiresAt - bucket - lifetime, expiresAt);
    }

    /// <summary>
    /// Until when a manifest rewritten for this window may be reused, by the API's cache and by players: its links' expiry,
    /// and no later than the end of the current bucket, so that a re-uploaded manifest is served within one bucket.
    /// </summary>
    public DateTimeOffset ReusableUntil(DateTimeOffset now, TimeSpan bucket)
    {
        var bucketEnd = BucketStart(now, bucket) + bucket;
        return ExpiresAt < bucketEnd ? ExpiresAt : bucketEnd;
    }

    private static DateTimeOffset BucketStart(DateTimeOffset now, TimeSpan bucket) =>
        new(now.UtcTicks - now.UtcTicks % bucket.Ticks, TimeSpan.Zero);
}
