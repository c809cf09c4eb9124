using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Streaming.Core.Data;
using Streaming.Core.Kafka;

namespace Streaming.ProgressWorker.Outbox;

/// <summary>
/// Relays <c>stream.start</c> and <c>stream.stop</c> events from the outbox table to Kafka, oldest first.
/// Rows are deleted only after the broker acknowledged them, inside the transaction that read them, so a crash
/// at any point re-sends rather than loses (same event id). A transaction-scoped advisory lock lets one replica
/// relay at a time, which keeps one user's events in order across replicas.
/// </summary>
public sealed class OutboxRelayService(
    IServiceScopeFactory scopes,
    EventPublisher publisher,
    IOptions<ProgressWorkerOptions> options,
    ILogger<OutboxRelayService> logger) : BackgroundService
{
    private const long RelayLockKey = 0x5354524541_4D4F; // "STREAMO": any constant unique to this relay.
    private const int BatchSize = 500;

    private const string ReadSql = """
        SELECT sequence, event_id, topic, key, payload, trace_parent
        FROM event_outbox ORDER BY sequence LIMIT @limit
        """;

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
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
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

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", RelayLockKey);
            if (await lockCommand.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return RelayOutcome.Idle; // another replica is relaying
            }
        }

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
            await using var delete = new NpgsqlCommand("DELETE FROM event_outbox WHERE sequence <= @last", connection, transaction);
            delete.Parameters.AddWithValue("last", rows[acknowledged - 1].Sequence);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (acknowledged < rows.Count)
        {
            logger.LogWarning("Kafka acknowledged {Acknowledged} of {Count} outbox events; the rest wait for the next attempt", acknowledged, rows.Count);
            return RelayOutcome.Failed;
        }
        return rows.Count == BatchSize ? RelayOutcome.MoreWaiting : RelayOutcome.Idle;
    }

    private enum RelayOutcome
    {
        Idle,
        MoreWaiting,
        Failed,
    }
}
