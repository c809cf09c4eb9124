using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Streaming.Api.ContinueWatching;

/// <summary>
/// Where a page ended: the last item's (last_watched_at, movie_id), the keyset the next page continues below.
/// Opaque to clients (base64url); PostgreSQL keeps microseconds, and so does the cursor, so no row is skipped or repeated.
/// </summary>
public readonly record struct ContinueWatchingCursor(DateTime LastWatchedAt, Guid MovieId)
{
    public string Encode()
    {
        var micros = (LastWatchedAt.ToUniversalTime() - DateTime.UnixEpoch).Ticks / 10;
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{micros}:{MovieId:N}")));
    }

    public static bool TryDecode(string text, out ContinueWatchingCursor cursor)
    {
        cursor = default;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
                && micros is >= 0 and < 253_402_300_800_000_000 // before year 10000
                && Guid.TryParseExact(parts[1], "N", out var movieId))
            {
                cursor = new(DateTime.UnixEpoch.AddTicks(micros * 10), movieId);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}
