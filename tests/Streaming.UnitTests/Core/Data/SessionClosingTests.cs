using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Streaming.Core.Data;
using Streaming.Core.Kafka;

namespace Streaming.UnitTests.Core.Data;

/// <summary>
/// What a closed session leaves behind in the unit of work (nothing is sent: adding to the change tracker needs no
/// server): the session's end and one <c>stream.stop</c> row, whichever caller closes it.
/// </summary>
public sealed class SessionClosingTests : IDisposable
{
    private static readonly DateTime Started = new(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc);

    private readonly StreamingDbContext _db = new(new DbContextOptionsBuilder<StreamingDbContext>()
        .UseNpgsql("Host=unused.invalid").Options);

    [Fact]
    public void Closing_ends_the_session_and_queues_one_stream_stop_keyed_by_the_user()
    {
        var session = NewSession();
        var endedAt = Started.AddSeconds(61.5);
        var now = endedAt.AddSeconds(30);

        new SessionClosing(new OutboxWriter(_db, new KafkaOptions("unused:9092", Enabled: true)))
            .Close(session, "idle_timeout", 42, endedAt, now);

        Assert.Equal(endedAt, session.EndedAt);
        Assert.Equal("idle_timeout", session.EndReason);
        Assert.Equal(62, session.DurationSeconds); // half away from zero, as PostgreSQL's round()
        var row = Assert.Single(_db.ChangeTracker.Entries<OutboxMessage>()).Entity;
        Assert.Equal("stream.stop", row.Topic);
        Assert.Equal(session.UserId.ToString(), row.Key);
        Assert.Equal(now, row.CreatedAt);
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal(
            ["event_id", "session_id", "user_id", "movie_id", "action", "position_seconds", "timestamp", "reason"],
            payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal(row.EventId, payload.GetProperty("event_id").GetGuid());
        Assert.Equal(session.Id, payload.GetProperty("session_id").GetGuid());
        Assert.Equal(session.UserId, payload.GetProperty("user_id").GetGuid());
        Assert.Equal(session.MovieId, payload.GetProperty("movie_id").GetGuid());
        Assert.Equal("stream_stop", payload.GetProperty("action").GetString());
        Assert.Equal(42, payload.GetProperty("position_seconds").GetInt32());
        Assert.Equal("2026-12-07T10:01:01.500Z", payload.GetProperty("timestamp").GetString());
        Assert.Equal("idle_timeout", payload.GetProperty("reason").GetString());
    }

    [Fact]
    public void With_kafka_disabled_the_session_still_closes_but_nothing_is_queued()
    {
        var session = NewSession();

        new SessionClosing(new OutboxWriter(_db, new KafkaOptions("unused:9092", Enabled: false)))
            .Close(session, "stopped", 5, Started.AddSeconds(5), Started.AddSeconds(5));

        Assert.Equal("stopped", session.EndReason);
        Assert.Empty(_db.ChangeTracker.Entries<OutboxMessage>());
    }

    private StreamSession NewSession()
    {
        var session = new StreamSession
        {
            Id = Guid.CreateVersion7(), UserId = Guid.NewGuid(), MovieId = Guid.NewGuid(), StartedAt = Started, LastSeenAt = Started,
        };
        _db.StreamSessions.Attach(session);
        return session;
    }

    public void Dispose() => _db.Dispose();
}
