using System.Text.Json;
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

        // The phone reports, naming its session; another account names the television's session, which must not keep
        // it alive. Time passes between (SessionTime): a step before the reports, a step after.
        await SessionTime.PassAsync(app, phone, television);
        var phoneSeen = await StreamSessionRows.LastSeenAsync(app, phone);
        (await intruder.ReportProgressAsync(movie, 10, television)).EnsureSuccessStatusCode();
        (await viewer.ReportProgressAsync(movie, 10, phone)).EnsureSuccessStatusCode();
        await SessionTime.WaitForSignOfLifeAsync(app, phone, phoneSeen);
        await SessionTime.PassAsync(app, phone, television);

        await Eventually.TrueAsync(() => Task.FromResult(events.All().Any(e => e.Topic == "stream.stop" && SessionOf(e) == television)),
            "the television's session, named only by someone else, idles out (its stream.stop)");
        var rows = await StreamSessionRows.ForAsync(app, viewer.UserId, movie);
        Assert.Null(rows.Single(r => r.Id == phone).EndedAt);
        Assert.NotNull(rows.Single(r => r.Id == television).EndedAt);
        await Eventually.TrueAsync(() => Task.FromResult(ProgressEventsOf(events, viewer.UserId).Count > 0), "the phone's progress event arrives");
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
