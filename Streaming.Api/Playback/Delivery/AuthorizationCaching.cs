namespace Streaming.Api.Playback.Delivery;

/// <summary>
/// How long the edge may reuse an authorisation answer for one credential and title (<c>X-Accel-Expires</c>): an
/// allowed answer at most half of <c>PLAYBACK_REVOCATION_SECONDS</c> (so a revocation takes effect within it, counting
/// the edge's refresh), and never past the credential's expiry; a refusal for a minute, since no refusal of a
/// credential is ever lifted (expired stays expired, a revoked session stays revoked).
/// </summary>
public static class AuthorizationCaching
{
    public const string Header = "X-Accel-Expires";
    public const int RefusalSeconds = 60;

    public static int AllowedSeconds(TimeSpan revocation, long expiresAtUnixSeconds, DateTimeOffset now)
    {
        var half = Math.Max(1, (int)(revocation.TotalSeconds / 2));
        var untilExpiry = expiresAtUnixSeconds - now.ToUnixTimeSeconds();
        return (int)Math.Clamp(untilExpiry, 1, half);
    }
}
