using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Streaming.Api.Http;

namespace Streaming.Api.Progress;

/// <summary>
/// Body of POST /api/v1/stream/{movie_id}/progress. <c>timestamp</c> (optional) is when the player was at that
/// position; it orders updates (newer wins) and defaults to the time the server received the update.
/// Describes the body in the OpenAPI document and reads it.
/// </summary>
public sealed record UpdateProgressRequest(
    [property: JsonPropertyName(UpdateProgressRequest.PositionSecondsField), Range(0, ProgressOptions.MaxPositionSeconds)] int PositionSeconds,
    [property: JsonPropertyName(UpdateProgressRequest.TimestampField)] DateTimeOffset? Timestamp = null)
{
    public const string PositionSecondsField = "position_seconds";
    public const string TimestampField = "timestamp";

    /// <summary>The request, or null when a field is invalid (<paramref name="body"/> then lists why).</summary>
    public static UpdateProgressRequest? Read(JsonBody body)
    {
        var position = body.RequiredInteger(PositionSecondsField, 0, ProgressOptions.MaxPositionSeconds);
        var timestamp = body.OptionalTimestamp(TimestampField);
        return body.HasErrors ? null : new UpdateProgressRequest(position!.Value, timestamp);
    }
}

public sealed record UpdateProgressResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("position_seconds")] int PositionSeconds,
    [property: JsonPropertyName("message")] string Message);

public sealed record ProgressResponse(
    [property: JsonPropertyName("user_id")] Guid UserId,
    [property: JsonPropertyName("movie_id")] Guid MovieId,
    [property: JsonPropertyName("position_seconds")] int PositionSeconds,
    [property: JsonPropertyName("last_watched_at")] string LastWatchedAt);
