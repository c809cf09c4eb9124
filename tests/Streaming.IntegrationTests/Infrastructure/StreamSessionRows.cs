using Npgsql;

namespace Streaming.IntegrationTests.Infrastructure;

public sealed record StreamSessionRow(Guid Id, DateTime StartedAt, DateTime? EndedAt, int? DurationSeconds, string? UserAgent, string? IpAddress);

/// <summary>Reads <c>stream_sessions</c> straight from PostgreSQL, as analytics would.</summary>
public static class StreamSessionRows
{
    public static async Task<IReadOnlyList<StreamSessionRow>> ForAsync(StreamingApp app, Guid userId, Guid movieId)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT id, started_at, ended_at, duration_seconds, user_agent, ip_address FROM stream_sessions WHERE user_id = $1 AND movie_id = $2 ORDER BY started_at",
            connection);
        select.Parameters.Add(new() { Value = userId });
        select.Parameters.Add(new() { Value = movieId });
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<StreamSessionRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new StreamSessionRow(
                reader.GetGuid(0),
                reader.GetDateTime(1),
                reader.IsDBNull(2) ? null : reader.GetDateTime(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return rows;
    }

    /// <summary>Moves the user's open sessions of a title back in time, as if they had started <paramref name="by"/> earlier.</summary>
    public static async Task AgeAsync(StreamingApp app, Guid userId, Guid movieId, TimeSpan by)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand(
            "UPDATE stream_sessions SET started_at = started_at - $3 WHERE user_id = $1 AND movie_id = $2 AND ended_at IS NULL", connection);
        update.Parameters.Add(new() { Value = userId });
        update.Parameters.Add(new() { Value = movieId });
        update.Parameters.Add(new() { Value = by });
        Assert.True(await update.ExecuteNonQueryAsync() > 0, $"No open session of {userId} on {movieId} to age.");
    }

    /// <summary>Moves open sessions back in time (start and last sign of life), as if <paramref name="by"/> had passed.</summary>
    public static async Task ShiftBackAsync(StreamingApp app, IReadOnlyCollection<Guid> sessions, TimeSpan by)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand(
            "UPDATE stream_sessions SET started_at = started_at - $2, last_seen_at = last_seen_at - $2 WHERE id = ANY($1) AND ended_at IS NULL", connection);
        update.Parameters.Add(new() { Value = sessions.ToArray() });
        update.Parameters.Add(new() { Value = by });
        Assert.Equal(sessions.Count, await update.ExecuteNonQueryAsync());
    }

    /// <summary>The session's last sign of life, as the idle reaper sees it.</summary>
    public static async Task<DateTime> LastSeenAsync(StreamingApp app, Guid session)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT last_seen_at FROM stream_sessions WHERE id = $1", connection);
        select.Parameters.Add(new() { Value = session });
        return (DateTime)(await select.ExecuteScalarAsync())!;
    }
}
