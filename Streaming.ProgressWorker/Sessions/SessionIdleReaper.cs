using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Streaming.Core.Data;
using Streaming.Core.Events;
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

    private const string CloseSql = """
        WITH idle AS (
            SELECT id FROM stream_sessions
            WHERE ended_at IS NULL AND last_seen_at < now() - @timeout
            ORDER BY last_seen_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        UPDATE stream_sessions s
        SET ended_at = s.last_seen_at,
            end_reason = @reason,
            duration_seconds = GREATEST(0, round(extract(epoch FROM s.last_seen_at - s.started_at)))::int
        FROM idle
        WHERE s.id = idle.id
        RETURNING s.id, s.user_id, s.movie_id, s.last_seen_at,
            COALESCE((SELECT p.position_seconds FROM watch_progress p WHERE p.user_id = s.user_id AND p.movie_id = s.movie_id), 0)
        """;

    private const string OutboxSql = """
        INSERT INTO event_outbox (event_id, topic, key, payload, created_at)
        SELECT event.id, @topic, event.key, event.payload, @created
        FROM unnest(@ids, @keys, @payloads) AS event(id, key, payload)
        """;

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
        var connection = (NpgsqlConnection)scope.ServiceProvider.GetRequiredService<StreamingDbContext>().Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var events = new List<StreamEvent>();
        await using (var close = new NpgsqlCommand(CloseSql, connection, transaction))
        {
            close.Parameters.AddWithValue("timeout", liveness.IdleTimeout);
            close.Parameters.AddWithValue("limit", BatchSize);
            close.Parameters.AddWithValue("reason", SessionEndReasons.IdleTimeout);
            await using var reader = await close.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(StreamEvent.Stop(Guid.NewGuid(), reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt32(4),
                    reader.GetDateTime(3), SessionEndReasons.IdleTimeout));
            }
        }
        if (events.Count == 0)
        {
            return 0;
        }
        // With ENABLE_KAFKA=false nothing is published, so nothing is queued either (as for a normal stop).
        if (kafka.Enabled)
        {
            await using var outbox = new NpgsqlCommand(OutboxSql, connection, transaction);
            outbox.Parameters.AddWithValue("topic", StreamEvent.StopTopic);
            outbox.Parameters.AddWithValue("created", time.GetUtcNow().UtcDateTime);
            outbox.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = events.Select(e => e.EventId).ToArray() });
            outbox.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.Key).ToArray() });
            outbox.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.ToJson()).ToArray() });
            await outbox.ExecuteNonQueryAsync(cancellationToken);
        }
        // Revoke first: a failure here leaves the transaction uncommitted (rolled back on dispose), retried next pass.
        await revocation.RevokeAllAsync(events.Select(e => (e.UserId, e.MovieId, e.SessionId!.Value)).ToList(), SessionEndReasons.IdleTimeout);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Closed {Count} stream sessions idle for over {Timeout}", events.Count, liveness.IdleTimeout);
        return events.Count;
    }
}
