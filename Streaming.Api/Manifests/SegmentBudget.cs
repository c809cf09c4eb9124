namespace Streaming.Api.Manifests;

/// <summary>The segments one manifest may expand to (<see cref="ManifestLimits.MaxSegments"/>), counted before they are made.</summary>
public sealed class SegmentBudget
{
    private long _segments;

    /// <exception cref="UnusableManifestException">The count would pass the cap; <paramref name="where"/> and <paramref name="cause"/> say what did.</exception>
    public void Reserve(long count, string where, string cause)
    {
        if (count > ManifestLimits.MaxSegments - _segments)
        {
            throw new UnusableManifestException(
                $"{where}: {cause} makes the manifest more than {ManifestLimits.MaxSegments:N0} segments, the cap for one manifest.");
        }
        _segments += count;
    }
}
