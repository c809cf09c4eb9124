using Microsoft.EntityFrameworkCore;
using Npgsql;
using Streaming.Api.Dependencies;
using Streaming.Api.Manifests;
using Streaming.Api.Storage;
using Streaming.Core.Data;

namespace Streaming.Api.Titles;

/// <summary>
/// How long each title is. Learned from the manifest the first time it is needed (ingest, the first start, or the
/// first progress of a title uploaded by other means), kept in the <c>titles</c> table and in this replica's title
/// cache. PostgreSQL being down does not stop it: the manifest is read instead and the row written another time.
/// </summary>
public sealed class TitleDurations(TitleCatalog catalog, MediaStorage storage, IServiceScopeFactory scopes, TimeProvider time, ILogger<TitleDurations> logger)
{
    private const string SelectSql = "SELECT duration_seconds FROM titles WHERE id = @id";
    private const string InsertSql = "INSERT INTO titles (id, duration_seconds, learned_at) VALUES (@id, @duration, @at) ON CONFLICT (id) DO NOTHING";

    private readonly SingleFlight<Guid, int?> _lookups = new();

    /// <summary>The duration in whole seconds, or null when the manifest does not say. S3 failures are thrown.</summary>
    public async Task<int?> GetAsync(Guid movieId, CancellationToken cancellationToken)
    {
        if (catalog.CachedDuration(movieId) is { } cached)
        {
            return cached < 0 ? null : cached;
        }
        return await _lookups.RunAsync(movieId, () => LookUpAsync(movieId, CancellationToken.None), cancellationToken);
    }

    private async Task<int?> LookUpAsync(Guid movieId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var connection = (NpgsqlConnection)scope.ServiceProvider.GetRequiredService<StreamingDbContext>().Database.GetDbConnection();
        var stored = await TryDatabaseAsync(async () =>
        {
            await connection.OpenAsync(cancellationToken);
            await using var select = new NpgsqlCommand(SelectSql, connection) { Parameters = { new("id", movieId) } };
            return await select.ExecuteScalarAsync(cancellationToken) is int seconds ? seconds : (int?)null;
        });
        if (stored is { } known)
        {
            catalog.RememberDuration(movieId, known);
            return known;
        }

        var learned = await LearnAsync(movieId, cancellationToken);
        if (learned is { } duration)
        {
            await TryDatabaseAsync(async () =>
            {
                // A connection the first query found terminated is closed by then (Npgsql reports a broken one as
                // closed) and opens again here.
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    await connection.OpenAsync(cancellationToken);
                }
                await using var insert = new NpgsqlCommand(InsertSql, connection)
                {
                    Parameters = { new("id", movieId), new("duration", duration), new("at", time.GetUtcNow().UtcDateTime) },
                };
                await insert.ExecuteNonQueryAsync(cancellationToken);
                return (int?)duration;
            });
        }
        catalog.RememberDuration(movieId, learned);
        return learned;
    }

    /// <summary>From the HLS playlist (the first variant of a master), else the DASH MPD.</summary>
    private async Task<int?> LearnAsync(Guid movieId, CancellationToken cancellationToken)
    {
        try
        {
            var path = ManifestTypes.FileName(ManifestTypes.Hls);
            for (var depth = 0; depth < 2 && await storage.ReadTextAsync($"movies/{movieId}/{path}", cancellationToken) is { } playlist; depth++)
            {
                var answer = ManifestDuration.FromHls(playlist, path);
                if (answer.Duration is { } hls)
                {
                    return ManifestDuration.Seconds(hls);
                }
                if (answer.FirstVariantPath is not { } variant)
                {
                    break;
                }
                path = variant;
            }
            var mpdPath = ManifestTypes.FileName(ManifestTypes.Dash);
            if (await storage.ReadTextAsync($"movies/{movieId}/{mpdPath}", cancellationToken) is { } mpd
                && ManifestDuration.FromDash(mpd, mpdPath) is { } dash)
            {
                return ManifestDuration.Seconds(dash);
            }
        }
        catch (UnusableManifestException ex)
        {
            logger.LogWarning(ex, "The duration of title {MovieId} could not be read from its manifest", movieId);
        }
        return null;
    }

    private async Task<int?> TryDatabaseAsync(Func<Task<int?>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Database))
        {
            logger.LogWarning(ex, "Title durations: PostgreSQL unavailable, using the manifest");
            return null;
        }
    }
}
