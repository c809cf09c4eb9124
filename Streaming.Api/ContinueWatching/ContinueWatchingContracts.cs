using System.Text.Json.Serialization;

namespace Streaming.Api.ContinueWatching;

/// <summary>Answer of GET /api/v1/me/continue-watching: a page, most recently watched first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record ContinueWatchingPage(
    [property: JsonPropertyName("items")] IReadOnlyList<ContinueWatchingItem> Items,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

public sealed record ContinueWatchingItem(
    [property: JsonPropertyName("movie_id")] Guid MovieId,
    [property: JsonPropertyName("position_seconds")] int PositionSeconds,
    [property: JsonPropertyName("duration_seconds")] int DurationSeconds,
    [property: JsonPropertyName("progress_percent")] double ProgressPercent,
    [property: JsonPropertyName("last_watched_at")] string LastWatchedAt);
