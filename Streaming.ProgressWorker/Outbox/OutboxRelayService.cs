using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Streaming.Core.Data;
using Streaming.Core.Kafka;

namespace Streaming.ProgressWorker.Outbox;

/// <summary>
/// Relays <c>stream.start</c> and <c>stream.stop</c> events from the outbox table to Kafka. Any number of replicas
/// relay at once, each batch in one transaction: read and lock rows, publish, delete exactly the rows the broker
/// acknowledged, commit. A crash at any point re-sends (same event id) rather than loses.
/// <para>
/// Why not simply "oldest sequence first, then delete up to the last one sent": a row's sequence is drawn at INSERT,
/// but the row becomes visible at COMMIT, so rows appear out of sequence order all the time. A lower sequence that
/// commits while a batch is being published would be deleted unsent by a range delete, and would reach the topic
/// behind newer events of its user. Hence three rules:
/// </para>
/// <list type="bullet">
/// <item>Delete only the acknowledged sequences, never a range.</item>
/// <item>One user's events leave in the order of (writing transaction id, sequence), with at most one in flight per
/// user: a row is taken only when no older row of its key is left. Older means a lower <c>xact_id</c>, or the same
/// transaction and a lower sequence. A row another replica has locked stays visible until that replica's delete
/// commits, so the user's next event waits for the broker's acknowledgement of the previous one, on whichever
/// replica. Start and stop are on different topics, whose partitions are acknowledged independently: one in flight
/// is what makes a stop reach the broker after its start. Batches are many users wide, not one row deep.</item>
/// <item>Only rows of transactions older than the oldest one still running (<c>pg_snapshot_xmin</c>) are taken: an
/// older transaction cannot commit after that, so no row that sorts before a relayed one can appear later. A
/// transaction that started after another committed always has the higher id, so cause comes before effect.</item>
/// </list>
/// <para>
/// <c>FOR UPDATE SKIP LOCKED</c> lets replicas take disjoint rows without waiting on each other and without a
/// global lock. The cost of the xmin rule: a long-running write transaction anywhere in the database (and, briefly,
/// another replica's batch while it publishes) holds relaying back until it ends; it delays events, never loses them.
/// </para>
/// </summary>
public sealed class OutboxRelayService(
    IServiceScopeFactory scopes,
    EventPublisher publisher,
    IOptions<ProgressWorkerOptions> options,
    ILogger<OutboxRelayService> logger) : BackgroundService
{
    private const int BatchSize = 500;

    private const string ReadSql = """
        SELECT o.sequence, o.event_id, o.topic, o.key, o.payload, o.trace_parent
        FROM event_outbox o
        WHERE o.xact_id < pg_snapshot_xmin(pg_current_snapshot())
          AND NOT EXISTS (
              SELECT 1 FROM event_outbox older
              WHERE older.key = o.key AND (older.xact_id, older.sequence) < (o.xact_id, o.sequence))
        ORDER BY o.sequence
        LIMIT @limit
        FOR UPDATE OF o SKIP LOCKED
        """;

    private const string DeleteSql = "DELETE FROM event_outbox WHERE sequence = ANY(@acknowledged)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new RetryBackoff(options.Value.MaxRetryDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var outcome = await RelayBatchAsync(stoppingToken);
                if (outcome == RelayOutcome.Failed)
                {
                    await Task.Delay(backoff.Next(), stoppingToken);
                    continue;
                }
                backoff.Reset();
                if (outcome != RelayOutcome.MoreWaiting)
                {
                    await Task.Delay(options.Value.PollDelay, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed, the rows stay in the outbox; a failure let through would stop the whole worker host.
                logger.LogWarning(ex, "Outbox relay could not reach PostgreSQL; retrying");
                await Task.Delay(backoff.Next(), stoppingToken);
            }
        }
    }

    private async Task<RelayOutcome> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var connection = (NpgsqlConnection)scope.ServiceProvider.GetRequiredService<StreamingDbContext>().Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var rows = new List<(long Sequence, OutgoingEvent Event)>(BatchSize);
        await using (var read = new NpgsqlCommand(ReadSql, connection, transaction))
        {
            read.Parameters.AddWithValue("limit", BatchSize);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), new OutgoingEvent(reader.GetString(2), reader.GetString(3), reader.GetGuid(1),
                    reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5))));
            }
        }
        if (rows.Count == 0)
        {
            return RelayOutcome.Idle;
        }

        var acknowledged = await publisher.PublishAsync(rows.Select(row => row.Event).ToList(), cancellationToken);
        if (acknowledged > 0)
        {
            await using var delete = new NpgsqlCommand(DeleteSql, connection, transaction);
            delete.Parameters.AddWithValue("acknowledged", rows.Take(acknowledged).Select(row => row.Sequence).ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (acknowledged < rows.Count)
        {
            logger.LogWarning("Kafka acknowledged {Acknowledged} of {Count} outbox events; the rest wait for the next attempt", acknowledged, rows.Count);
            return RelayOutcome.Failed;
        }
        // Users whose previous event just left may have their next one ready: read again at once.
        return RelayOutcome.MoreWaiting;
    }

    private enum RelayOutcome
    {
        Idle,
        MoreWaiting,
        Failed,
    }
}
