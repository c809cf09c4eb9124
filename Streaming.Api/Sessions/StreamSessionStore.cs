using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Streaming.Core.Data;
using Streaming.Core.Events;
using Streaming.Core.Kafka;

namespace Streaming.Api.Sessions;

/// <summary>
/// Opens and closes stream sessions. Each change and its Kafka event are written in one transaction
/// (the outbox), so an event can neither be lost nor be sent for a change that did not happen.
/// </summary>
public sealed class StreamSessionStore(StreamingDbContext db, KafkaOptions kafka, TimeProvider time)
{
    /// <summary>Lock class of the per-user start lock (the two-key form keeps it apart from the relay's lock).</summary>
    private const int StartLockClass = 0x5354_5254;

    /// <summary>
    /// Opens a session, or returns null when the user already has <paramref name="maxOpen"/> open sessions started
    /// after <paramref name="countedSince"/> (older ones cannot be playing any more: their links have expired).
    /// </summary>
    public Task<StreamSession?> StartAsync(Guid userId, Guid movieId, string? userAgent, string? ipAddress,
        int maxOpen, DateTime countedSince, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // One start per user at a time: two concurrent starts cannot both see room for one more session.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({StartLockClass}, hashtext({userId.ToString()}))", ct);
            var open = await db.Database
                .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM stream_sessions WHERE user_id = {userId} AND ended_at IS NULL AND started_at > {countedSince}")
                .SingleAsync(ct);
            if (open >= maxOpen)
            {
                return null;
            }
            var session = new StreamSession
            {
                Id = Guid.CreateVersion7(),
                UserId = userId,
                MovieId = movieId,
                StartedAt = now,
                UserAgent = Truncate(userAgent, 512),
                IpAddress = Truncate(ipAddress, 64),
            };
            db.StreamSessions.Add(session);
            AddEvent(StreamEvent.Start(Guid.NewGuid(), session.Id, userId, movieId, now), StreamEvent.StartTopic, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return session;
        }, cancellationToken);

    /// <summary>
    /// Closes the user's open session for the title. Returns null when there is none (a repeated stop):
    /// nothing is changed and no second event is written.
    /// </summary>
    public Task<StreamSession?> StopAsync(Guid userId, Guid movieId, int positionSeconds, CancellationToken cancellationToken) =>
        // The retrying execution strategy replays the whole transaction, never half of it.
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // FOR UPDATE: two concurrent stops cannot both close the same session and both emit an event.
            var session = await db.StreamSessions
                .FromSql($"SELECT * FROM stream_sessions WHERE user_id = {userId} AND movie_id = {movieId} AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1 FOR UPDATE")
                .AsAsyncEnumerable()
                .SingleOrDefaultAsync(ct);
            if (session is null)
            {
                return null;
            }
            session.EndedAt = now;
            session.DurationSeconds = (int)Math.Max(0, Math.Round((now - session.StartedAt).TotalSeconds));
            AddEvent(StreamEvent.Stop(Guid.NewGuid(), session.Id, userId, movieId, positionSeconds, now), StreamEvent.StopTopic, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return session;
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
