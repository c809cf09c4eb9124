using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Streaming.Api.Http;

namespace Streaming.Api.Progress;

/// <summary>
/// Body of POST /api/v1/stream/{movie_id}/progress. <c>timestamp</c> (optional) is when the player was at that
/// position; it orders updates (newer wins) and defaults to the time the server received the update.
/// <c>session_id</c> (optional) is the stream session the player got from the start.
/// Describes the body in the OpenAPI document and reads it.
/// </summary>
public sealed record UpdateProgressRequest(
    [property: JsonPropertyName(UpdateProgressRequest.PositionSecondsField), Range(0, ProgressOptions.MaxPositionSeconds)] int PositionSeconds,
    [property: JsonPropertyName(UpdateProgressRequest.TimestampField)] DateTimeOffset? Timestamp = null,
    [property: JsonPropertyName(UpdateProgressRequest.SessionIdField)] Guid? SessionId = null) : IJsonRequest<UpdateProgressRequest>
{
    public const string PositionSecondsField = "position_seconds";
    public const string TimestampField = "timestamp";
    public const string SessionIdField = "session_id";

    /// <inheritdoc/>
    public static UpdateProgressRequest? Read(JsonBody body)
    {
        var position = body.RequiredInteger(PositionSecondsField, 0, ProgressOptions.MaxPositionSeconds);
        var timestamp = body.OptionalTimestamp(TimestampField);
        var sessionId = body.OptionalGuid(SessionIdField);
        return body.HasErrors ? null : new UpdateProgressRequest(position!.Value, timestamp, sessionId);
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
    [property: JsonPropertyName("last_watched_at")] string LastWatchedAt,
    [property: JsonPropertyName("duration_seconds")] int? DurationSeconds,
    [property: JsonPropertyName("completed")] bool Completed,
    [property: JsonPropertyName("resume_position_seconds")] int ResumePositionSeconds);
