using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Streaming.Hosting.Postgres;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Outages;

/// <summary>PostgreSQL stopped under the AppHost: sessions cannot be recorded, so start and stop say so at once.</summary>
[Collection(OutageCollection.Name)]
public sealed class PostgresOutageTests(OutageApp app)
{
    [Fact]
    public async Task Postgres_stops_at_once_with_connections_open_and_while_it_is_stopped_start_and_stop_answer_503_without_waiting_for_it_and_progress_comes_from_the_hot_copy()
    {
        using var viewer = await app.CreateSubscriberClientAsync();
        var watched = await app.CreateTitleAsync();
        var unwatched = await app.CreateTitleAsync();
        // Before the outage: the subscription is cached, a session is open and the title has recent progress.
        await viewer.StartForManifestAsync(watched);
        await Outage.AssertOkAsync(() => viewer.ReportProgressAsync(watched, 42), "progress before the outage");

        // Stopped as from the dashboard, while every service holds pooled connections: a "smart" shutdown waited for
        // them to close until DCP killed the server, or on a loaded machine gave up and reported that the stop failed.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            var stop = await app.App.ResourceCommands.ExecuteCommandAsync(ResourceNames.Postgres, KnownResourceCommands.StopCommand, timeout.Token);
            Assert.True(stop.Success, $"stopping PostgreSQL from the dashboard: {stop.Message}");
            await ResourceControl.WaitForStoppedAsync(app.App, ResourceNames.Postgres, timeout.Token);
            // A server that shut down removes its lock file; one killed at the end of the wait leaves it behind.
            Assert.False(File.Exists(PostmasterLockFile()), "PostgreSQL was killed instead of shutting down");
        }
        try
        {
            // Side by side, as players send them: each waits for the database within its own deadline.
            await Task.WhenAll(
                Outage.AssertProblemAsync(() => viewer.StartAsync(watched), HttpStatusCode.ServiceUnavailable, "start without PostgreSQL"),
                Outage.AssertProblemAsync(() => viewer.StopAsync(watched, 50), HttpStatusCode.ServiceUnavailable, "stop without PostgreSQL"),
                Outage.AssertProblemAsync(() => viewer.GetProgressAsync(unwatched), HttpStatusCode.ServiceUnavailable, "progress of a title with no hot copy without PostgreSQL"));

            // The stop above recorded its position in the hot copy before the session could not be closed.
            var hot = await Outage.AssertOkAsync(() => viewer.GetProgressAsync(watched), "progress of a recently watched title without PostgreSQL");
            Assert.Equal(50, hot.GetProperty("position_seconds").GetInt32());
        }
        finally
        {
            await ResourceControl.StartAsync(app.App, ResourceNames.Postgres);
        }

        await Outage.AssertRecoversAsync(() => viewer.StartAsync(watched), Outage.RecoveryBound, "start after PostgreSQL returned");
    }

    [Fact]
    public async Task Progress_of_a_title_not_yet_looked_up_is_saved_when_postgres_has_just_terminated_the_pools_connections()
    {
        using var viewer = await app.CreateSubscriberClientAsync();
        // The API's pool holds open connections, then the title it has never looked up appears.
        await viewer.StartForManifestAsync(await app.CreateTitleAsync());
        var fresh = await MediaBucket.UploadTitleOfAsync(app, 600);

        // Not from this process's pool: the other test restarts PostgreSQL, which leaves that pool's connections dead.
        var adminConnection = new NpgsqlConnectionStringBuilder(await app.ConnectionStringAsync(ResourceNames.Database)) { Pooling = false };

        // What a server shutting down (or an administrator) does first: every open connection is terminated. The
        // duration lookup's first query finds its pooled connection dead, reads the manifest instead and records the
        // duration on a new connection; the report must not see any of it.
        await using (var admin = new NpgsqlConnection(adminConnection.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! > 0, "no connection of the services to terminate");
        }

        var saved = await Outage.AssertOkAsync(() => viewer.ReportProgressAsync(fresh, 42), "progress of a title looked up after its connection was terminated");
        Assert.Equal(42, saved.GetProperty("position_seconds").GetInt32());
    }

    private string PostmasterLockFile() =>
        Path.Combine(app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<LocalPostgresServerResource>().Single().DataDirectory, "data", "postmaster.pid");
}
