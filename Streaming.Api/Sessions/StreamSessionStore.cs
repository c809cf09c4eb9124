using Microsoft.EntityFrameworkCore;
using Streaming.Core.Data;
using Streaming.Core.Events;
using Streaming.Core.Sessions;

namespace Streaming.Api.Sessions;

/// <summary>
/// Opens and closes stream sessions. Each change and its Kafka event are written in one transaction
/// (the outbox), so an event can neither be lost nor be sent for a change that did not happen. A session is revoked
/// in Redis (<see cref="SessionRevocation"/>) before the transaction that closes it commits.
/// </summary>
public sealed class StreamSessionStore(
    StreamingDbContext db, OutboxWriter outbox, SessionClosing closing, SessionLiveness liveness, SessionRevocation revocation, TimeProvider time)
{
    /// <summary>Lock class of the per-user start lock (the two-key form keeps it apart from the relay's lock).</summary>
    private const int StartLockClass = 0x5354_5254;

    /// <summary>
    /// Opens a session, unless the user already has <paramref name="maxStreams"/> live sessions (open, with a sign of
    /// life within <c>SESSION_IDLE_TIMEOUT</c>) besides those of <paramref name="deviceId"/>: then nothing is written
    /// and the live sessions are returned. The open sessions of <paramref name="deviceId"/> are closed as
    /// <c>replaced</c> (revoked, one stream.stop each) under the same lock, so they never count against the limit.
    /// </summary>
    public Task<StartResult> StartAsync(Guid userId, Guid movieId, string? userAgent, string? ipAddress, string? deviceId,
        int? maxStreams, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (maxStreams is not null || deviceId is not null)
            {
                // One start per user at a time: two concurrent starts cannot both see room for one more session.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({StartLockClass}, hashtext({userId.ToString()}))", ct);
            }
            var replaced = deviceId is null
                ? []
                : await db.StreamSessions.Where(s => s.UserId == userId && s.EndedAt == null && s.DeviceId == deviceId).ToListAsync(ct);
            if (maxStreams is { } max)
            {
                var liveSince = now - liveness.IdleTimeout;
                var live = await db.StreamSessions.AsNoTracking()
                    .Where(s => s.UserId == userId && s.EndedAt == null && s.LastSeenAt > liveSince && (deviceId == null || s.DeviceId != deviceId))
                    .OrderBy(s => s.StartedAt)
                    .Select(s => new LiveSession(s.Id, s.MovieId, s.StartedAt, s.UserAgent, s.DeviceId))
                    .ToListAsync(ct);
                if (live.Count >= max)
                {
                    return new StartResult(null, live);
                }
            }
            await revocation.RevokeAllAsync(replaced.Select(s => (s.UserId, s.MovieId, s.Id)).ToList(), SessionEndReasons.Replaced);
            foreach (var old in replaced)
            {
                closing.Close(old, SessionEndReasons.Replaced, await PositionAsync(old.UserId, old.MovieId, ct), now, now);
            }
            var session = new StreamSession
            {
                Id = Guid.CreateVersion7(),
                UserId = userId,
                MovieId = movieId,
                StartedAt = now,
                LastSeenAt = now,
                UserAgent = Truncate(userAgent, 512),
                IpAddress = Truncate(ipAddress, 64),
                DeviceId = deviceId,
            };
            db.StreamSessions.Add(session);
            outbox.Enqueue(StreamEvent.Start(Guid.NewGuid(), session.Id, userId, movieId, now), StreamEvent.StartTopic, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new StartResult(session, []);
        }, cancellationToken);

    /// <summary>The user's session of the title, open or ended; null when it is not theirs (or not of this title).</summary>
    public Task<SessionState?> FindAsync(Guid userId, Guid movieId, Guid sessionId, CancellationToken cancellationToken) =>
        db.StreamSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.UserId == userId && s.MovieId == movieId)
            .Select(s => new SessionState(s.Id, s.DeviceId, s.EndedAt, s.EndReason))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The session a stop without session_id closes: the user's newest open session of the title.</summary>
    public Task<Guid?> NewestOpenAsync(Guid userId, Guid movieId, CancellationToken cancellationToken) =>
        db.StreamSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.MovieId == movieId && s.EndedAt == null)
            .OrderByDescending(s => s.StartedAt)
            .Select(s => (Guid?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Writes the final position into watch_progress and closes <paramref name="sessionId"/> (already revoked) with
    /// <paramref name="reason"/>; without a session only the position is written.
    /// </summary>
    public Task<StopOutcome> StopAsync(Guid userId, Guid movieId, int positionSeconds, DateTime positionAt, Guid? sessionId, string reason,
        CancellationToken cancellationToken) =>
        // The retrying execution strategy replays the whole transaction, never half of it.
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var session = sessionId is { } id ? await OpenForUpdateAsync(userId, movieId, id, ct) : null;
            await FinalPosition.UpsertAsync(db, userId, movieId, positionSeconds, positionAt, ct);
            if (session is not null)
            {
                closing.Close(session, reason, positionSeconds, now, now);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return session is null ? StopOutcome.NothingOpen : StopOutcome.Closed;
        }, cancellationToken);

    /// <summary>Closes an already revoked session with <paramref name="reason"/> at its last known position (a subscription lapse).</summary>
    public Task<StopOutcome> EndAsync(Guid userId, Guid movieId, Guid sessionId, string reason, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var session = await OpenForUpdateAsync(userId, movieId, sessionId, ct);
            if (session is not null)
            {
                var now = time.GetUtcNow().UtcDateTime;
                closing.Close(session, reason, await PositionAsync(userId, movieId, ct), now, now);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return session is null ? StopOutcome.NothingOpen : StopOutcome.Closed;
        }, cancellationToken);

    // FOR UPDATE: two concurrent closes cannot both close the same session and both emit an event.
    private Task<StreamSession?> OpenForUpdateAsync(Guid userId, Guid movieId, Guid sessionId, CancellationToken ct) =>
        db.StreamSessions
            .FromSql($"SELECT * FROM stream_sessions WHERE id = {sessionId} AND user_id = {userId} AND movie_id = {movieId} AND ended_at IS NULL FOR UPDATE")
            .AsAsyncEnumerable().SingleOrDefaultAsync(ct).AsTask();

    private Task<int> PositionAsync(Guid userId, Guid movieId, CancellationToken ct) =>
        db.WatchProgress.AsNoTracking().Where(p => p.UserId == userId && p.MovieId == movieId).Select(p => p.PositionSeconds).FirstOrDefaultAsync(ct);

    private static string? Truncate(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];
}
