namespace Streaming.Core.Data;

/// <summary>The durable copy of how far a user got in a title (one row per user and title).</summary>
public sealed class WatchProgress
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid MovieId { get; set; }
    public int PositionSeconds { get; set; }

    /// <summary>When the player was at <see cref="PositionSeconds"/>; also the ordering key: older never overwrites newer.</summary>
    public DateTime LastWatchedAt { get; set; }

    /// <summary>
    /// When the user removed the title from continue watching; it stays hidden until progress newer than this
    /// (<see cref="LastWatchedAt"/> later than it) is written.
    /// </summary>
    public DateTime? HiddenAt { get; set; }
}
