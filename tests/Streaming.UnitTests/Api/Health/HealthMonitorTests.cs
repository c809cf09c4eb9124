using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Streaming.Api.Health;

namespace Streaming.UnitTests.Api.Health;

/// <summary>The checks run once per interval whatever the number of readers; readers never wait for a run.</summary>
public sealed class HealthMonitorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_checks_run_at_start_then_once_per_interval_and_readers_get_the_last_result()
    {
        var check = new CountingCheck();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z"));
        await using var services = Services(check, time);
        var monitor = services.GetRequiredService<HealthMonitor>();

        await monitor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => monitor.Last is not null);
        Assert.Equal(1, check.Runs);
        Assert.Equal(time.GetUtcNow(), monitor.Last!.CheckedAt);

        for (var i = 0; i < 1000; i++)
        {
            Assert.NotNull(monitor.Last); // reading is free: no run happens for a reader
        }
        time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.Equal(1, check.Runs);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => check.Runs == 2);
        await monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Before_the_first_run_finishes_there_is_no_result()
    {
        var check = new CountingCheck { Gate = new TaskCompletionSource() };
        await using var services = Services(check, new FakeTimeProvider());
        var monitor = services.GetRequiredService<HealthMonitor>();

        await monitor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => check.Runs == 1);
        Assert.Null(monitor.Last);

        check.Gate.SetResult();
        await WaitUntilAsync(() => monitor.Last is not null);
        Assert.Equal(HealthStatus.Healthy, monitor.Last!.Report.Entries["probe"].Status);
        await monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_check_that_blocks_its_thread_and_ignores_its_token_fails_at_its_deadline_and_the_report_still_goes_out()
    {
        using var never = new ManualResetEventSlim();
        await using var services = Services(new CountingCheck(), new FakeTimeProvider(), new BlockingCheck(never));
        var monitor = services.GetRequiredService<HealthMonitor>();

        await monitor.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => monitor.Last is not null);

        // That the report came at all shows the stuck check did not hold it; its entry says it was given up at the
        // deadline. (Comparing a stopwatch with the deadline's timer failed once by 0.5 ms: the clocks differ.)
        var entries = monitor.Last!.Report.Entries;
        Assert.Equal(HealthStatus.Healthy, entries["probe"].Status);
        Assert.Equal(HealthStatus.Unhealthy, entries["stuck"].Status);
        Assert.Contains("No answer within 3 s", entries["stuck"].Description);
        never.Set();
        await monitor.StopAsync(CancellationToken.None);
    }

    private static ServiceProvider Services(CountingCheck check, TimeProvider time, IHealthCheck? stuck = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(time);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["HEALTH_CHECK_INTERVAL"] = Interval.TotalSeconds.ToString() })
            .Build();
        services.AddBackgroundHealth(configuration);
        var checks = services.AddHealthChecks().Add(new HealthCheckRegistration("probe", check, HealthStatus.Unhealthy, ["ready"]));
        if (stuck is not null)
        {
            checks.Add(new HealthCheckRegistration("stuck", stuck, HealthStatus.Unhealthy, ["ready"]));
        }
        return services.BuildServiceProvider();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < (within ?? TimeSpan.FromSeconds(60))) // generous: it only bounds a failing test
        {
            await Task.Delay(10);
        }
        Assert.True(condition());
    }

    /// <summary>Like librdkafka's metadata call: synchronous, deaf to the token, returns when it returns.</summary>
    private sealed class BlockingCheck(ManualResetEventSlim release) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            release.Wait();
            return Task.FromResult(HealthCheckResult.Healthy());
        }
    }

    private sealed class CountingCheck : IHealthCheck
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public TaskCompletionSource? Gate { get; init; }

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _runs);
            if (Gate is not null)
            {
                await Gate.Task;
            }
            return HealthCheckResult.Healthy();
        }
    }
}
