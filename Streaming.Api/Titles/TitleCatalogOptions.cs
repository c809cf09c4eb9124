using Streaming.Api.Configuration;

namespace Streaming.Api.Titles;

/// <summary>
/// How long each replica remembers whether a title exists: long for titles that do (they are rarely removed),
/// briefly for ids that do not (a title being ingested shows up soon), and for at most <c>TITLE_CACHE_SIZE</c> ids.
/// </summary>
public sealed record TitleCatalogOptions(TimeSpan KnownTtl, TimeSpan UnknownTtl, int MaxEntries)
{
    public const string KnownTtlSetting = "TITLE_CACHE_TTL";
    public const string UnknownTtlSetting = "TITLE_CACHE_NEGATIVE_TTL";
    public const string SizeSetting = "TITLE_CACHE_SIZE";

    public static TitleCatalogOptions From(IConfiguration configuration) => new(
        configuration.GetSeconds(KnownTtlSetting, 600),
        configuration.GetSeconds(UnknownTtlSetting, 30),
        configuration.GetValue(SizeSetting, 100_000) is > 0 and var size
            ? size
            : throw new InvalidOperationException($"{SizeSetting} must be a positive number of titles."));
}
