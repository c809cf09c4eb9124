using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Streaming.Core.Data;

public static class DatabaseMigration
{
    /// <summary>Serialises the creation of EF Core's history table between services that start at once.</summary>
    private const long HistoryTableLock = 0x5354_5245_414D; // "STREAM"

    /// <summary>
    /// Applies pending migrations before the service takes traffic. The API and the worker both call it;
    /// EF Core takes a database lock while migrating, so concurrent starts are safe. PostgreSQL may still
    /// be coming up when a service starts outside Aspire, hence the retries.
    /// EF Core's PostgreSQL provider learns whether <c>__EFMigrationsHistory</c> exists by selecting from it, which on a
    /// fresh database fails (logged as an error by EF Core and by PostgreSQL, in red in the dashboard, on every first
    /// start). So the table is created first, under an advisory lock (two services creating it at once would collide).
    /// </summary>
    public static async Task MigrateStreamingDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigration));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<StreamingDbContext>();
                await CreateHistoryTableAsync(db, cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < 10 && ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Database migration attempt {Attempt} failed; retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }
    }

    private static async Task CreateHistoryTableAsync(StreamingDbContext db, CancellationToken cancellationToken)
    {
        var createScript = db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({HistoryTableLock})", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(createScript, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
