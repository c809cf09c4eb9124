using Streaming.Core.Events;

namespace Streaming.Core.Data;

/// <summary>
/// Closing a stream session and enqueueing its <c>stream.stop</c>, the same for every cause: a stop, a replacement, a
/// subscription lapse (the API) and idleness (the worker's reaper). The caller holds the session's row lock (its
/// <c>FOR UPDATE</c>), has revoked it or revokes it before committing, and saves both in one transaction.
/// </summary>
public sealed class SessionClosing(OutboxWriter outbox)
{
    /// <param name="endedAt">When it ended: now for a stop, its last sign of life for an idle session.</param>
    /// <param name="now">When the stop is enqueued.</param>
    public void Close(StreamSession session, string reason, int positionSeconds, DateTime endedAt, DateTime now)
    {
        session.EndedAt = endedAt;
        session.EndReason = reason;
        session.DurationSeconds = DurationSeconds(session.StartedAt, endedAt);
        outbox.Enqueue(StreamEvent.Stop(Guid.NewGuid(), session.Id, session.UserId, session.MovieId, positionSeconds, endedAt, reason),
            StreamEvent.StopTopic, now);
    }

    /// <summary>Whole seconds, half away from zero as PostgreSQL's <c>round()</c> (which analytics queries use).</summary>
    public static int DurationSeconds(DateTime startedAt, DateTime endedAt) =>
        (int)Math.Max(0, Math.Round((endedAt - startedAt).TotalSeconds, MidpointRounding.AwayFromZero));
}
