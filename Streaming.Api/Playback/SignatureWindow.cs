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

    public static SignatureWindow Containing(DateTimeOffset now, TimeSpan bucket, TimeSpan lifetime)
    {
        var start = now.UtcTicks - now.UtcTicks % bucket.Ticks;
        var signedAt = new DateTimeOffset(start, TimeSpan.Zero);
        return new SignatureWindow(signedAt, signedAt + bucket + lifetime);
    }
}
