using System.Net;
using Streaming.IntegrationTests.Infrastructure;
using Streaming.IntegrationTests.Progress;

namespace Streaming.IntegrationTests.Outages;

/// <summary>PostgreSQL stopped under the AppHost: sessions cannot be recorded, so start and stop say so at once.</summary>
[Collection(OutageCollection.Name)]
public sealed class PostgresOutageTests(OutageApp app)
{
    [Fact]
    public async Task While_postgres_is_stopped_start_and_stop_answer_503_without_waiting_for_it_and_progress_comes_from_the_hot_copy()
    {
        using var viewer = await app.CreateSubscriberClientAsync();
        var watched = await app.CreateTitleAsync();
        var unwatched = await app.CreateTitleAsync();
        // Before the outage: the subscription is cached, a session is open and the title has recent progress.
        await viewer.StartForManifestAsync(watched);
        await Outage.AssertOkAsync(() => viewer.ReportProgressAsync(watched, 42), "progress before the outage");

        await ResourceControl.StopAsync(app.App, ResourceNames.Postgres);
        try
        {
            await Outage.AssertProblemAsync(() => viewer.StartAsync(watched), HttpStatusCode.ServiceUnavailable, "start without PostgreSQL");
            await Outage.AssertProblemAsync(() => viewer.StopAsync(watched, 50), HttpStatusCode.ServiceUnavailable, "stop without PostgreSQL");

            // The stop above recorded its position in the hot copy before the session could not be closed.
            var hot = await Outage.AssertOkAsync(() => viewer.GetProgressAsync(watched), "progress of a recently watched title without PostgreSQL");
            Assert.Equal(50, hot.GetProperty("position_seconds").GetInt32());
            await Outage.AssertProblemAsync(() => viewer.GetProgressAsync(unwatched), HttpStatusCode.ServiceUnavailable, "progress of a title with no hot copy without PostgreSQL");
        }
        finally
        {
            await ResourceControl.StartAsync(app.App, ResourceNames.Postgres);
        }

        await Outage.AssertRecoversAsync(() => viewer.StartAsync(watched), Outage.RecoveryBound, "start after PostgreSQL returned");
    }
}
