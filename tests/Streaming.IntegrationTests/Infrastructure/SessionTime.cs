using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// Time for stream sessions, driven by state: instead of waiting out the idle timeout (which races the worker's drain
/// of signs of life on a loaded machine), a test moves sessions back in PostgreSQL as if time had passed. A step is a
/// little over half the timeout: one step leaves a session live, two steps since its last sign of life make it idle.
/// </summary>
public static class SessionTime
{
    public static readonly TimeSpan Step = ProgressApp.SessionIdleTimeout * 0.55;

    /// <summary>One step passes for these open sessions.</summary>
    public static Task PassAsync(StreamingApp app, params Guid[] sessions) => StreamSessionRows.ShiftBackAsync(app, sessions, Step);

    /// <summary>Longer than the idle timeout passes for these open sessions.</summary>
    public static Task PassTimeoutAsync(StreamingApp app, IReadOnlyCollection<Guid> sessions) =>
        StreamSessionRows.ShiftBackAsync(app, sessions, ProgressApp.SessionIdleTimeout * 2);

    /// <summary>Waits until a report's sign of life has reached PostgreSQL (the worker writes it when it persists the report).</summary>
    public static async Task WaitForSignOfLifeAsync(StreamingApp app, Guid session, DateTime seenBefore) =>
        await Eventually.TrueAsync(async () => await StreamSessionRows.LastSeenAsync(app, session) > seenBefore, "the report is the session's sign of life");
}
