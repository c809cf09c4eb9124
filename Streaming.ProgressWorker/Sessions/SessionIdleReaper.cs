using Microsoft.EntityFrameworkCore;
using Streaming.Core.Data;
using Streaming.Core.Kafka;
using Streaming.Core.Sessions;

namespace Streaming.ProgressWorker.Sessions;

/// <summary>
/// Closes stream sessions without a sign of life for <c>SESSION_IDLE_TIMEOUT</c> (a player that crashed or lost its
/// network never sends a stop). Every replica runs it: a batch takes idle sessions with <c>FOR UPDATE SKIP LOCKED</c>,
/// so replicas take disjoint sessions and each is closed once. In the same transaction each gets ended_at = its last
/// sign of life, duration_seconds, end_reason and one <c>stream.stop</c> event with <c>"reason": "idle_timeout"</c> in
/// the outbox (the relay publishes it in order after the session's start). Before the transaction commits, the batch's
/// sessions are revoked in Redis (their started-session markers say <c>idle_timeout</c>, so their playback links stop
/// working); when Redis fails the transaction rolls back and the next pass retries. The last sign of life is written
/// by the persist batch at most every persist interval, far below the timeout, so a playing session is never taken for idle.
/// </summary>
public sealed class SessionIdleReaper(
    IServiceScopeFactory scopes, SessionLiveness liveness, SessionRevocation revocation, KafkaOptions kafka, TimeProvider time,
    ILogger<SessionIdleReaper> logger) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>A fifth of the timeout (at most 30 s): a session is closed at most that long after it went idle.</summary>
    private TimeSpan Interval => TimeSpan.FromTicks(Math.Clamp(liveness.IdleTimeout.Ticks / 5, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var closed = await CloseBatchAsync(stoppingToken);
                backoff.Reset();
                if (closed < BatchSize)
                {
                    await Task.Delay(Interval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The transaction rolled back; a failure let through would stop the whole worker host.
                logger.LogWarning(ex, "Idle session reaper could not reach PostgreSQL or Redis; retrying");
                await Task.Delay(backoff.Next(), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> CloseBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StreamingDbContext>();
        // A failed batch rolls back whole, so SaveChanges needs no savepoint (two round trips saved per batch).
        db.Database.AutoSavepointsEnabled = false;
        var closing = new SessionClosing(new OutboxWriter(db, kafka));
        // The retrying execution strategy replays the whole transaction, never half of it.
        var closed = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var idle = await IdleSessions(db).ToListAsync(ct);
            if (idle.Count == 0)
            {
                return 0;
            }
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var (session, position) in idle)
            {
                closing.Close(session, SessionEndReasons.IdleTimeout, position, session.LastSeenAt, now);
            }
            await db.SaveChangesAsync(ct);
            // Revoke first: a failure here leaves the transaction uncommitted (rolled back on dispose), retried next pass.
            await revocation.RevokeAllAsync(idle.Select(i => (i.Session.UserId, i.Session.MovieId, i.Session.Id)).ToList(), SessionEndReasons.IdleTimeout);
            await transaction.CommitAsync(ct);
            return idle.Count;
        }, cancellationToken);
        if (closed > 0)
        {
            logger.LogInformation("Closed {Count} stream sessions idle for over {Timeout}", closed, liveness.IdleTimeout);
        }
        return closed;
    }

    /// <summary>
    /// The oldest idle sessions, locked (SKIP LOCKED: another replica's batch takes others), with their last known
    /// position (0 without progress), in one query.
    /// </summary>
    private IQueryable<IdleSession> IdleSessions(StreamingDbContext db) => db.StreamSessions
        .FromSql($"""
            SELECT * FROM stream_sessions
            WHERE ended_at IS NULL AND last_seen_at < now() - {liveness.IdleTimeout}
            ORDER BY last_seen_at
            LIMIT {BatchSize}
            FOR UPDATE SKIP LOCKED
            """)
        .Select(s => new IdleSession(s,
            db.WatchProgress.Where(p => p.UserId == s.UserId && p.MovieId == s.MovieId).Select(p => p.PositionSeconds).FirstOrDefault()));

    private sealed record IdleSession(StreamSession Session, int Position);
}
