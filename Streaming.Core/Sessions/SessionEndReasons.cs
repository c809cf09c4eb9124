namespace Streaming.Core.Sessions;

/// <summary>
/// Why a stream session ended: the one vocabulary of the <c>stream.stop</c> event's <c>reason</c>, the
/// <c>stream_sessions.end_reason</c> column, the started-session marker's value once revoked, the edge's
/// <c>X-Playback-Denied</c> header and the progress/stop 409's <c>reason</c> member.
/// </summary>
public static class SessionEndReasons
{
    /// <summary>The player (or the account, without naming another device's session) stopped it.</summary>
    public const string Stopped = "stopped";

    /// <summary>Another device of the account stopped it by its session_id (the 409 "Too many streams" flow).</summary>
    public const string StoppedElsewhere = "stopped_elsewhere";

    /// <summary>No sign of life for SESSION_IDLE_TIMEOUT: closed by the worker's idle reaper.</summary>
    public const string IdleTimeout = "idle_timeout";

    /// <summary>A new start from the same device_id took its place.</summary>
    public const string Replaced = "replaced";

    /// <summary>The subscription is no longer active.</summary>
    public const string SubscriptionEnded = "subscription_ended";

    /// <summary>The started-session marker's value while the session may play.</summary>
    public const string PlayingMarker = "1";

    public static readonly IReadOnlyList<string> All = [Stopped, StoppedElsewhere, IdleTimeout, Replaced, SubscriptionEnded];

    /// <summary>A marker or column value as a known reason; anything unknown reads as <see cref="Stopped"/>.</summary>
    public static string Normalise(string? value) =>
        value is not null && All.Contains(value, StringComparer.Ordinal) ? value : Stopped;

    /// <summary>What a player can show a viewer for the reason.</summary>
    public static string Describe(string reason) => reason switch
    {
        StoppedElsewhere => "This stream was stopped on another device.",
        Replaced => "This stream was replaced by a new start on this device.",
        IdleTimeout => "This stream was closed after inactivity.",
        SubscriptionEnded => "Your subscription has ended.",
        _ => "This stream was stopped.",
    };
}
