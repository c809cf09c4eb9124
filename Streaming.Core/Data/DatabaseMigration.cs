using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Streaming.Core.Data;

public static class DatabaseMigration
{
    /// <summary>
    /// Applies pending migrations before the service takes traffic. The API and the worker both call it;
    /// EF Core takes a database lock while migrating, so concurrent starts are safe. PostgreSQL may still
    /// be coming up when a service starts outside Aspire, hence the retries.
    /// On a fresh database EF Core's first look at <c>__EFMigrationsHistory</c> (or the API and the worker creating it at
    /// once) fails a command that EF Core expects and handles, yet logs as an error, which the dashboard shows in red on
    /// every first start. Failed commands are logged at Information while migrating; a migration that really fails
    /// throws, and is logged below.
    /// </summary>
    public static async Task MigrateStreamingDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigration));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var options = new DbContextOptionsBuilder<StreamingDbContext>(scope.ServiceProvider.GetRequiredService<DbContextOptions<StreamingDbContext>>())
                    .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.CommandError, LogLevel.Information)))
                    .Options;
                await using var db = new StreamingDbContext(options);
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
}
