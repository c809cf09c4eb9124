using Streaming.Api.Configuration;

namespace Streaming.Api.Titles;

/// <summary>
/// How long each replica remembers whether a title exists: long for titles that do (they are rarely removed),
/// briefly for ids that do not (a title being ingested shows up soon), and for at most <c>TITLE_CACHE_SIZE</c> ids.
/// </summary>
public sealed record TitleCatalogOptions(TimeSpan KnownTtl, TimeSpan UnknownTtl, int MaxEntries)
{
    public static TitleCatalogOptions From(IConfiguration configuration) => new(
        configuration.GetSeconds("TITLE_CACHE_TTL", 600),
        configuration.GetSeconds("TITLE_CACHE_NEGATIVE_TTL", 30),
        configuration.GetValue("TITLE_CACHE_SIZE", 100_000) is > 0 and var size
            ? size
            : throw new InvalidOperationException("TITLE_CACHE_SIZE must be a positive number of titles."));
}
