using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Streaming.Api.Http;
using Streaming.Api.Manifests;
using Streaming.Api.Progress;

namespace Streaming.Api.Streams;

/// <summary>
/// Body of POST /api/v1/stream/{movie_id}. Empty body = HLS. <c>device_id</c> (optional, the player's own stable id of
/// its device, at most 128 characters): a start from a device that has a live session replaces that session.
/// Describes the body in the OpenAPI document and reads it.
/// </summary>
public sealed record StartStreamRequest(
    [property: JsonPropertyName(StartStreamRequest.ManifestTypeField)] string ManifestType = ManifestTypes.Hls,
    [property: JsonPropertyName(StartStreamRequest.DeviceIdField), MaxLength(StartStreamRequest.DeviceIdMaxLength)] string? DeviceId = null) : IJsonRequest<StartStreamRequest>
{
    public const string ManifestTypeField = "manifest_type";
    public const string DeviceIdField = "device_id";
    public const int DeviceIdMaxLength = 128;

    /// <inheritdoc/>
    public static StartStreamRequest? Read(JsonBody body)
    {
        var manifestType = body.OptionalString(ManifestTypeField, ManifestTypes.All) ?? ManifestTypes.Hls;
        var deviceId = body.OptionalIdentifier(DeviceIdField, DeviceIdMaxLength);
        return body.HasErrors ? null : new StartStreamRequest(manifestType, deviceId);
    }
}

public sealed record StartStreamResponse(
    [property: JsonPropertyName("manifest_url")] string ManifestUrl,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("manifest_type")] string ManifestType,
    [property: JsonPropertyName("session_id")] Guid SessionId);

/// <summary>
/// Body of POST /api/v1/stream/{movie_id}/stop; <c>session_id</c> (optional) closes exactly that session, and
/// <c>device_id</c> (optional) is the stopping device's id: another device's session then ends as stopped_elsewhere.
/// Describes the body in the OpenAPI document and reads it.
/// </summary>
public sealed record StopStreamRequest(
    [property: JsonPropertyName(UpdateProgressRequest.PositionSecondsField), Range(0, ProgressOptions.MaxPositionSeconds)] int PositionSeconds,
    [property: JsonPropertyName(UpdateProgressRequest.SessionIdField)] Guid? SessionId = null,
    [property: JsonPropertyName(StartStreamRequest.DeviceIdField), MaxLength(StartStreamRequest.DeviceIdMaxLength)] string? DeviceId = null) : IJsonRequest<StopStreamRequest>
{
    /// <inheritdoc/>
    public static StopStreamRequest? Read(JsonBody body)
    {
        var position = body.RequiredInteger(UpdateProgressRequest.PositionSecondsField, 0, ProgressOptions.MaxPositionSeconds);
        var sessionId = body.OptionalGuid(UpdateProgressRequest.SessionIdField);
        var deviceId = body.OptionalIdentifier(StartStreamRequest.DeviceIdField, StartStreamRequest.DeviceIdMaxLength);
        return body.HasErrors ? null : new StopStreamRequest(position!.Value, sessionId, deviceId);
    }
}

public sealed record StopStreamResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message);
