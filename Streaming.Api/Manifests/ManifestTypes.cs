namespace Streaming.Api.Manifests;

/// <summary>The manifest formats a title is stored in, and where each lives in the bucket.</summary>
public static class ManifestTypes
{
    public const string Hls = "hls";
    public const string Dash = "dash";
    public static readonly string[] All = [Hls, Dash];

    public static string FileName(string manifestType) => manifestType == Dash ? "index.mpd" : "index.m3u8";

    /// <summary>Where a title's top-level manifest of that type lives in the bucket.</summary>
    public static string Key(Guid movieId, string manifestType) => $"movies/{movieId}/{FileName(manifestType)}";
}
