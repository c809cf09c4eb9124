using System.Text.Json;
using Streaming.IntegrationTests.Api.Support;
using Streaming.IntegrationTests.Events;
using Streaming.IntegrationTests.Infrastructure;

using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.ViewerFeatures;

/// <summary>
/// A progress report that names its session (two devices of one account on the same title) keeps that session alive
/// and carries it into its event; a session id of someone else's session counts for nothing.
/// </summary>
[Collection(ProgressCollection.Name)]
public sealed class NamedSessionTests(ProgressApp app) : IDisposable
{
    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task Reports_naming_the_older_of_two_sessions_keep_it_open_while_the_newer_one_idles_out()
    {
        using var events = new KafkaEventCollector(app.KafkaBootstrapServers);
        var movie = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync(plan: "premium"));
        using var intruder = new Viewer(app, await _users.CreateUserAsync(plan: "premium"));
        var phone = await viewer.StartSessionAsync(movie);
        var television = await viewer.StartSessionAsync(movie); // the latest start: the title's current session

        // The phone keeps reporting, naming its session (every half timeout, within 5 per 10 s); another account
        // names the television's session, which must not keep it alive.
        var reportUntil = DateTime.UtcNow + ProgressApp.SessionIdleTimeout * 3;
        for (var position = 10; DateTime.UtcNow < reportUntil; position += 10)
        {
            (await viewer.ReportProgressAsync(movie, position, phone)).EnsureSuccessStatusCode();
            (await intruder.ReportProgressAsync(movie, position, television)).EnsureSuccessStatusCode();
            await Task.Delay(ProgressApp.SessionIdleTimeout / 2);
        }

        var rows = await StreamSessionRows.ForAsync(app, viewer.UserId, movie);
        Assert.Null(rows.Single(r => r.Id == phone).EndedAt);
        Assert.NotNull(rows.Single(r => r.Id == television).EndedAt);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!events.All().Any(e => e.Topic == "stream.stop" && SessionOf(e) == television))
        {
            Assert.True(DateTime.UtcNow < deadline, "The idle session's stream.stop never arrived.");
            await Task.Delay(250);
        }
        var progress = ProgressEventsOf(events, viewer.UserId);
        Assert.NotEmpty(progress);
        Assert.All(progress, e => Assert.Equal(phone, SessionOf(e)));
        Assert.DoesNotContain(ProgressEventsOf(events, intruder.UserId), e => SessionOf(e) == television);
    }

    private static List<ReceivedEvent> ProgressEventsOf(KafkaEventCollector events, Guid userId) =>
        events.All().Where(e => e.Topic == "stream.progress" && e.Payload.GetProperty("user_id").GetGuid() == userId).ToList();

    /// <summary>The event's session, or null for progress outside any session.</summary>
    private static Guid? SessionOf(ReceivedEvent e) =>
        e.Payload.TryGetProperty("session_id", out var session) && session.ValueKind == JsonValueKind.String ? session.GetGuid() : null;

    public void Dispose() => _users.Dispose();
}
