using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Streaming.Core.Data;
using Streaming.Core.Events;
using Streaming.Core.Kafka;
using Streaming.Core.Sessions;

namespace Streaming.Api.Sessions;

/// <summary>
/// Opens and closes stream sessions. Each change and its Kafka event are written in one transaction
/// (the outbox), so an event can neither be lost nor be sent for a change that did not happen.
/// </summary>
public sealed class StreamSessionStore(StreamingDbContext db, KafkaOptions kafka, SessionLiveness liveness, TimeProvider time)
{
    /// <summary>Lock class of the per-user start lock (the two-key form keeps it apart from the relay's lock).</summary>
    private const int StartLockClass = 0x5354_5254;

    /// <summary>
    /// Opens a session, unless the user already has <paramref name="maxStreams"/> live sessions (open, with a sign of
    /// life within <c>SESSION_IDLE_TIMEOUT</c>): then nothing is written and the live sessions are returned.
    /// </summary>
    public Task<StartResult> StartAsync(Guid userId, Guid movieId, string? userAgent, string? ipAddress,
        int? maxStreams, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (maxStreams is { } max)
            {
                // One start per user at a time: two concurrent starts cannot both see room for one more session.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({StartLockClass}, hashtext({userId.ToString()}))", ct);
                var liveSince = now - liveness.IdleTimeout;
                var live = await db.StreamSessions.AsNoTracking()
                    .Where(s => s.UserId == userId && s.EndedAt == null && s.LastSeenAt > liveSince)
                    .OrderBy(s => s.StartedAt)
                    .Select(s => new LiveSession(s.Id, s.MovieId, s.StartedAt, s.UserAgent))
                    .ToListAsync(ct);
                if (live.Count >= max)
                {
                    return new StartResult(null, live);
                }
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
            };
            db.StreamSessions.Add(session);
            AddEvent(StreamEvent.Start(Guid.NewGuid(), session.Id, userId, movieId, now), StreamEvent.StartTopic, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new StartResult(session, []);
        }, cancellationToken);

    /// <summary>Whether <paramref name="sessionId"/> is the user's open session of the title.</summary>
    public Task<bool> IsOpenAsync(Guid userId, Guid movieId, Guid sessionId, CancellationToken cancellationToken) =>
        db.StreamSessions.AsNoTracking().AnyAsync(s => s.Id == sessionId && s.UserId == userId && s.MovieId == movieId && s.EndedAt == null, cancellationToken);

    /// <summary>
    /// Writes the final position into watch_progress and closes the session: <paramref name="sessionId"/> when given,
    /// else the user's newest open session of the title.
    /// </summary>
    public Task<StopOutcome> StopAsync(Guid userId, Guid movieId, int positionSeconds, DateTime positionAt, Guid? sessionId,
        CancellationToken cancellationToken) =>
        // The retrying execution strategy replays the whole transaction, never half of it.
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // FOR UPDATE: two concurrent stops cannot both close the same session and both emit an event.
            var open = sessionId is { } id
                ? db.StreamSessions.FromSql($"SELECT * FROM stream_sessions WHERE id = {id} AND user_id = {userId} AND movie_id = {movieId} AND ended_at IS NULL FOR UPDATE")
                : db.StreamSessions.FromSql($"SELECT * FROM stream_sessions WHERE user_id = {userId} AND movie_id = {movieId} AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1 FOR UPDATE");
            var session = await open.AsAsyncEnumerable().SingleOrDefaultAsync(ct);
            await FinalPosition.UpsertAsync(db, userId, movieId, positionSeconds, positionAt, ct);
            if (session is not null)
            {
                session.EndedAt = now;
                session.DurationSeconds = (int)Math.Max(0, Math.Round((now - session.StartedAt).TotalSeconds));
                AddEvent(StreamEvent.Stop(Guid.NewGuid(), session.Id, userId, movieId, positionSeconds, now), StreamEvent.StopTopic, now);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return session is null ? StopOutcome.NothingOpen : StopOutcome.Closed;
        }, cancellationToken);

    /// <summary>With ENABLE_KAFKA=false nothing is published, so nothing is queued either.</summary>
    private void AddEvent(StreamEvent streamEvent, string topic, DateTime now)
    {
        if (kafka.Enabled)
        {
            db.Outbox.Add(ToOutbox(streamEvent, topic, now));
        }
    }

    private static OutboxMessage ToOutbox(StreamEvent streamEvent, string topic, DateTime now) => new()
    {
        EventId = streamEvent.EventId,
        Topic = topic,
        Key = streamEvent.Key,
        Payload = streamEvent.ToJson(),
        CreatedAt = now,
        TraceParent = Activity.Current?.Id,
    };

    private static string? Truncate(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];
}
