using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Streaming.Core.Sessions;

namespace Streaming.Core.Events;

/// <summary>
/// The payload of <c>stream.start</c>, <c>stream.progress</c> and <c>stream.stop</c>: the original spec's fields plus
/// <c>event_id</c> (consumers deduplicate by it; a redelivery carries the same one), <c>session_id</c> and, on
/// <c>stream.stop</c>, <c>reason</c>: one of <see cref="SessionEndReasons"/> (<c>stopped</c>, <c>stopped_elsewhere</c>,
/// <c>idle_timeout</c>, <c>replaced</c>, <c>subscription_ended</c>).
/// </summary>
public sealed record StreamEvent(
    [property: JsonPropertyName("event_id")] Guid EventId,
    [property: JsonPropertyName("session_id")] Guid? SessionId,
    [property: JsonPropertyName("user_id")] Guid UserId,
    [property: JsonPropertyName("movie_id")] Guid MovieId,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("position_seconds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PositionSeconds,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    public const string StartTopic = "stream.start";
    public const string ProgressTopic = "stream.progress";
    public const string StopTopic = "stream.stop";

    public const string StartAction = "stream_start";
    public const string ProgressAction = "progress_update";
    public const string StopAction = "stream_stop";

    public static StreamEvent Start(Guid eventId, Guid sessionId, Guid userId, Guid movieId, DateTime at) =>
        new(eventId, sessionId, userId, movieId, StartAction, null, FormatTimestamp(at));

    public static StreamEvent Progress(Guid eventId, Guid? sessionId, Guid userId, Guid movieId, int positionSeconds, DateTime at) =>
        new(eventId, sessionId, userId, movieId, ProgressAction, positionSeconds, FormatTimestamp(at));

    public static StreamEvent Stop(Guid eventId, Guid? sessionId, Guid userId, Guid movieId, int positionSeconds, DateTime at, string reason = SessionEndReasons.Stopped) =>
        new(eventId, sessionId, userId, movieId, StopAction, positionSeconds, FormatTimestamp(at), reason);

    /// <summary>Message key: one user's events land in one partition, in order.</summary>
    [JsonIgnore]
    public string Key => UserId.ToString();

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>ISO-8601 in UTC with millisecond precision, e.g. <c>2024-11-15T10:30:00.000Z</c>.</summary>
    public static string FormatTimestamp(DateTime at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
