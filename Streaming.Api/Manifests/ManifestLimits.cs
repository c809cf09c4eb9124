namespace Streaming.Api.Manifests;

/// <summary>
/// The caps a manifest must stay under to be rewritten (and ingested). Manifests come from third-party packagers:
/// every number in them bounds work and memory, so each is checked before it is used. The caps sit well above
/// real titles (a 2-hour title of 2 s segments has 3,600 segments per representation; a 24-hour one 43,200, and its
/// HLS media playlist is about 2 MB) and well below what would hurt the API: each expanded segment becomes a signed
/// URL of about 400 characters, so the segment cap bounds one rewritten manifest to well under 100 MB.
/// </summary>
public static class ManifestLimits
{
    /// <summary>The stored (original) manifest: larger ones are refused before they are read to the end.</summary>
    public const int MaxManifestBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Segments in one manifest after SegmentTemplates are expanded, all representations together (for HLS: URI
    /// lines): a 4-hour title of 2 s segments in 13 representations, or a 24-hour one in 2.
    /// </summary>
    public const int MaxSegments = 100_000;

    /// <summary>The longest presentation or period: far beyond any title, short enough that no timescale arithmetic overflows.</summary>
    public static readonly TimeSpan MaxPresentationDuration = TimeSpan.FromDays(7);

    /// <summary>One line of an HLS playlist; real tags are a few hundred characters.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>XML nesting in an MPD (real ones are under 10 deep); deeper documents would exhaust the stack when copied.</summary>
    public const int MaxXmlDepth = 64;

    /// <summary>The zero-padding width of a SegmentTemplate identifier such as <c>$Number%05d$</c>; a long has 19 digits.</summary>
    public const int MaxIdentifierWidth = 32;
}
