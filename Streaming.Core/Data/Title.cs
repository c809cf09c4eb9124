namespace Streaming.Core.Data;

/// <summary>What the API learned about a title from its manifest (the bucket stays the source of the media itself).</summary>
public sealed class Title
{
    public Guid Id { get; set; }

    /// <summary>Length of the presentation, rounded to whole seconds: positions are clamped to it.</summary>
    public int DurationSeconds { get; set; }

    public DateTime LearnedAt { get; set; }
}
