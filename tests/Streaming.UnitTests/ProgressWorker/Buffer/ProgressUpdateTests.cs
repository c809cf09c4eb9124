using StackExchange.Redis;
using Streaming.Core.Progress;
using Streaming.ProgressWorker.Buffer;

namespace Streaming.UnitTests.ProgressWorker.Buffer;

public class ProgressUpdateTests
{
    private static readonly Guid User = Guid.NewGuid();
    private static readonly Guid Movie = Guid.NewGuid();
    private static readonly Guid Event = Guid.NewGuid();

    private static StreamEntry Entry(string session, string position = "42") => new("1700000000123-7", [
        new NameValueEntry(ProgressBuffer.Fields.UserId, User.ToString()),
        new NameValueEntry(ProgressBuffer.Fields.MovieId, Movie.ToString()),
        new NameValueEntry(ProgressBuffer.Fields.Position, position),
        new NameValueEntry(ProgressBuffer.Fields.Time, "1700000000000"),
        new NameValueEntry(ProgressBuffer.Fields.EventId, Event.ToString()),
        new NameValueEntry(ProgressBuffer.Fields.SessionId, session),
    ]);

    [Fact]
    public void Reads_every_field_of_a_buffered_update()
    {
        var session = Guid.NewGuid();

        var update = ProgressUpdate.FromEntry(Entry(session.ToString()));

        Assert.Equal(new ProgressUpdate(new StreamId(1700000000123, 7), User, Movie, 42, 1700000000000, Event, session), update);
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), update!.EventTime);
    }

    [Fact]
    public void An_empty_session_means_none() => Assert.Null(ProgressUpdate.FromEntry(Entry(session: ""))!.SessionId);

    [Fact]
    public void A_malformed_entry_is_rejected() => Assert.Null(ProgressUpdate.FromEntry(Entry(session: "", position: "forty")));

    [Fact]
    public void An_update_is_persisted_only_when_marked()
    {
        Assert.False(ProgressUpdate.FromEntry(Entry(session: ""))!.Persist);
        var marked = new StreamEntry("1700000000123-7", [.. Entry(session: "").Values, new NameValueEntry(ProgressBuffer.Fields.Persist, "1")]);
        Assert.True(ProgressUpdate.FromEntry(marked)!.Persist);
    }

    [Fact]
    public void A_flush_entry_has_no_event_and_is_persisted()
    {
        // What ProgressFlush.lua appends: ids in the 32-digit form of the due set's member, no event id.
        var flush = new StreamEntry("1700000000123-8", [
            new NameValueEntry(ProgressBuffer.Fields.UserId, User.ToString("N")),
            new NameValueEntry(ProgressBuffer.Fields.MovieId, Movie.ToString("N")),
            new NameValueEntry(ProgressBuffer.Fields.Position, "99"),
            new NameValueEntry(ProgressBuffer.Fields.Time, "1700000000000"),
            new NameValueEntry(ProgressBuffer.Fields.SessionId, ""),
            new NameValueEntry(ProgressBuffer.Fields.Persist, "1"),
        ]);

        var update = ProgressUpdate.FromEntry(flush)!;

        Assert.Equal((User, Movie, 99, (Guid?)null, true), (update.UserId, update.MovieId, update.PositionSeconds, update.EventId, update.Persist));
    }

    [Fact]
    public void A_malformed_event_id_is_rejected()
    {
        var entry = new StreamEntry("1700000000123-7", [.. Entry(session: "").Values.Where(v => v.Name != ProgressBuffer.Fields.EventId),
            new NameValueEntry(ProgressBuffer.Fields.EventId, "not-a-guid")]);
        Assert.Null(ProgressUpdate.FromEntry(entry));
    }

    [Fact]
    public void Reads_an_entry_as_the_redis_client_hands_it_over()
    {
        // From the wire: names and ids are byte arrays, numbers arrive already typed as integers.
        var session = Guid.NewGuid();
        static RedisValue Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);
        var entry = new StreamEntry(Bytes("1700000000123-7"), [
            new NameValueEntry(Bytes(ProgressBuffer.Fields.UserId), Bytes(User.ToString())),
            new NameValueEntry(Bytes(ProgressBuffer.Fields.MovieId), Bytes(Movie.ToString("N"))),
            new NameValueEntry(Bytes(ProgressBuffer.Fields.Position), 42),
            new NameValueEntry(Bytes(ProgressBuffer.Fields.Time), 1700000000000),
            new NameValueEntry(Bytes(ProgressBuffer.Fields.EventId), Bytes(Event.ToString())),
            new NameValueEntry(Bytes(ProgressBuffer.Fields.SessionId), Bytes(session.ToString())),
            new NameValueEntry(Bytes(ProgressBuffer.Fields.Persist), 1),
        ]);

        var update = ProgressUpdate.FromEntry(entry);

        Assert.Equal(new ProgressUpdate(new StreamId(1700000000123, 7), User, Movie, 42, 1700000000000, Event, session) { Persist = true }, update);
    }

    [Theory]
    [InlineData(ProgressBuffer.Fields.UserId)]
    [InlineData(ProgressBuffer.Fields.MovieId)]
    [InlineData(ProgressBuffer.Fields.Time)]
    public void An_entry_without_a_required_field_is_rejected(string missing)
    {
        var entry = new StreamEntry("1700000000123-7", [.. Entry(session: "").Values.Where(v => v.Name != missing)]);
        Assert.Null(ProgressUpdate.FromEntry(entry));
    }
}
