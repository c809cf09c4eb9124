using System.Diagnostics.CodeAnalysis;

namespace Streaming.Api.Playback.Credentials;

/// <summary>
/// The path a player fetches, <c>/play/{credential}/{movie_id}/{path}</c> (the edge contract), parsed strictly:
/// the credential one segment of <c>[A-Za-z0-9_.-]</c> (at most 256), the movie id a lowercase UUID, the object path
/// segments of <c>[A-Za-z0-9._-]</c> with no empty, <c>.</c> or <c>..</c> segment. Anything else is refused whole.
/// </summary>
public readonly record struct PlaybackPath(string Credential, Guid MovieId, string Path)
{
    public const string EdgePrefix = "/play/";
    private const int MaxPathLength = 1024;

    /// <summary>Parses <c>/play/{credential}/{movie_id}/{path}</c> (the edge's <c>X-Original-URI</c>).</summary>
    public static bool TryParseEdgeUri(string? uri, [NotNullWhen(true)] out PlaybackPath? parsed)
    {
        parsed = null;
        return uri is not null && uri.StartsWith(EdgePrefix, StringComparison.Ordinal)
            && TryParse(uri.AsSpan(EdgePrefix.Length), out parsed);
    }

    /// <summary>Parses <c>{credential}/{movie_id}/{path}</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> rest, [NotNullWhen(true)] out PlaybackPath? parsed)
    {
        parsed = null;
        if (rest.Length > MaxPathLength)
        {
            return false;
        }
        var slash = rest.IndexOf('/');
        if (slash < 1 || slash > Credentials.PlaybackCredentialSigner.MaxLength || !IsSegment(rest[..slash]))
        {
            return false;
        }
        var credential = rest[..slash];
        rest = rest[(slash + 1)..];
        slash = rest.IndexOf('/');
        if (slash != 36 || !IsLowercaseUuid(rest[..36], out var movieId))
        {
            return false;
        }
        var path = rest[37..];
        if (!IsObjectPath(path))
        {
            return false;
        }
        parsed = new PlaybackPath(credential.ToString(), movieId, path.ToString());
        return true;
    }

    /// <summary>An object path under the title's folder: segments of [A-Za-z0-9._-], none empty, '.' or '..'.</summary>
    public static bool IsObjectPath(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty)
        {
            return false;
        }
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (!IsSegment(segment) || segment is "." or "..")
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsSegment(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            return false;
        }
        foreach (var c in segment)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsLowercaseUuid(ReadOnlySpan<char> text, out Guid id)
    {
        id = Guid.Empty;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }
        return Guid.TryParseExact(text, "D", out id);
    }
}
