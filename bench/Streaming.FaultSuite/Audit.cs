using System.Text.Json;
using Confluent.Kafka;
using Npgsql;

namespace Streaming.FaultSuite;

/// <summary>One event read back from Kafka.</summary>
public sealed record ReadEvent(string Topic, Guid EventId, Guid? SessionId, Guid User, Guid Movie, int? Position);

/// <summary>What PostgreSQL and Kafka hold once everything drained.</summary>
public sealed record Audit(IReadOnlyDictionary<(Guid User, Guid Movie), int> StoredPositions, IReadOnlyList<ReadEvent> Events)
{
    public static async Task<IReadOnlyDictionary<(Guid, Guid), int>> ReadPositionsAsync(string database)
    {
        var positions = new Dictionary<(Guid, Guid), int>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT user_id, movie_id, position_seconds FROM watch_progress", connection);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            positions[(reader.GetGuid(0), reader.GetGuid(1))] = reader.GetInt32(2);
        }
        return positions;
    }

    /// <summary>Every event of the three topics from the beginning, read until each partition's end.</summary>
    public static IReadOnlyList<ReadEvent> ReadEvents(string bootstrapServers)
    {
        string[] topics = ["stream.start", "stream.progress", "stream.stop"];
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        var partitions = metadata.Topics.Where(t => topics.Contains(t.Topic))
            .SelectMany(t => t.Partitions.Select(p => new TopicPartitionOffset(t.Topic, p.PartitionId, Offset.Beginning))).ToList();

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"fault-suite-{Guid.NewGuid():N}",
            EnablePartitionEof = true,
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(partitions);
        var events = new List<ReadEvent>();
        var atEnd = new HashSet<TopicPartition>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (atEnd.Count < partitions.Count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null)
            {
                continue;
            }
            if (result.IsPartitionEOF)
            {
                atEnd.Add(result.TopicPartition);
                continue;
            }
            using var json = JsonDocument.Parse(result.Message.Value);
            var payload = json.RootElement;
            events.Add(new ReadEvent(result.Topic,
                payload.GetProperty("event_id").GetGuid(),
                payload.TryGetProperty("session_id", out var session) && session.ValueKind == JsonValueKind.String ? session.GetGuid() : null,
                payload.GetProperty("user_id").GetGuid(),
                payload.GetProperty("movie_id").GetGuid(),
                payload.TryGetProperty("position_seconds", out var position) ? position.GetInt32() : null));
        }
        return events;
    }
}
