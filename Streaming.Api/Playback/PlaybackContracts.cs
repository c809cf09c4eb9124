using System.Text.Json.Serialization;

namespace Streaming.Api.Playback;

/// <summary>Body of POST /api/v1/stream/{movie_id}. Empty body = HLS.</summary>
public sealed record StartStreamRequest(
    [property: JsonPropertyName("manifest_type")] string? ManifestType = "hls");

public sealed record StartStreamResponse(
    [property: JsonPropertyName("manifest_url")] string ManifestUrl,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("manifest_type")] string ManifestType,
    [property: JsonPropertyName("session_id")] Guid SessionId);

/// <summary>Body of POST /api/v1/stream/{movie_id}/stop; <c>session_id</c> (optional) closes exactly that session.</summary>
public sealed record StopStreamRequest(
    [property: JsonPropertyName("position_seconds")] int PositionSeconds,
    [property: JsonPropertyName("session_id")] Guid? SessionId = null);

public sealed record StopStreamResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message);

public static class ManifestTypes
{
    public const string Hls = "hls";
    public const string Dash = "dash";
    public static readonly string[] All = [Hls, Dash];

    public static string FileName(string manifestType) => manifestType == Dash ? "index.mpd" : "index.m3u8";

    /// <summary>Where a title's top-level manifest of that type lives in the bucket.</summary>
    public static string Key(Guid movieId, string manifestType) => $"movies/{movieId}/{FileName(manifestType)}";
}
