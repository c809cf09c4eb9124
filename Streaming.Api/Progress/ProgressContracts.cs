using System.Text.Json.Serialization;

namespace Streaming.Api.Progress;

/// <summary>
/// Body of POST /api/v1/stream/{movie_id}/progress. <c>timestamp</c> (optional) is when the player was at that
/// position; it orders updates (newer wins) and defaults to the time the server received the update.
/// <c>session_id</c> (optional) is the stream session the player got from the start.
/// </summary>
public sealed record UpdateProgressRequest(
    [property: JsonPropertyName("position_seconds")] int PositionSeconds,
    [property: JsonPropertyName("timestamp")] DateTimeOffset? Timestamp = null,
    [property: JsonPropertyName("session_id")] Guid? SessionId = null);

public sealed record UpdateProgressResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("position_seconds")] int PositionSeconds,
    [property: JsonPropertyName("message")] string Message);

public sealed record ProgressResponse(
    [property: JsonPropertyName("user_id")] Guid UserId,
    [property: JsonPropertyName("movie_id")] Guid MovieId,
    [property: JsonPropertyName("position_seconds")] int PositionSeconds,
    [property: JsonPropertyName("last_watched_at")] string LastWatchedAt,
    [property: JsonPropertyName("duration_seconds")] int? DurationSeconds,
    [property: JsonPropertyName("completed")] bool Completed,
    [property: JsonPropertyName("resume_position_seconds")] int ResumePositionSeconds);
