using System.Diagnostics;
using Streaming.AppHost.Infrastructure;
using Streaming.Bench;
using Streaming.AppHost.Services;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.FaultSuite;

/// <summary>
/// The whole application model in local mode on free ports with throwaway data, plus a standby worker replica
/// (started when the first worker is killed: DCP cannot restart a process it did not stop itself).
/// </summary>
public sealed class FaultApp(DistributedApplication app, string dataDirectory)
    : LocalApp(app, dataDirectory, [ServiceNames.Api, ServiceNames.UserService, ServiceNames.ProgressWorker, StandbyWorker])
{
    public const string StandbyWorker = $"{ServiceNames.ProgressWorker}-standby";

    public static async Task<FaultApp> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"streaming-faults-{Guid.NewGuid():N}");
        var builder = await LocalHarness.CreateBuilderAsync(dataDirectory);

        var backing = BackingServices.In(builder);
        builder.AddProgressWorker(StandbyWorker, backing.Database, backing.Redis, backing.Kafka).WithExplicitStart();

        var app = await LocalHarness.BuildAsync(builder);
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await app.StartAsync(startup.Token);
        foreach (var service in new[] { ServiceNames.Api, ServiceNames.UserService, ServiceNames.ProgressWorker })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, startup.Token);
        }
        return new FaultApp(app, dataDirectory);
    }

    public async Task CommandAsync(string resource, string command)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command, timeout.Token);
        if (result.Success)
        {
            return;
        }
        // DCP gives up waiting for a stopping process after 15 s and reports a failure, though the stop goes on
        // (PostgreSQL's shutdown checkpoint on a loaded machine): the state the resource reaches is what counts.
        if (command == KnownResourceCommands.StopCommand)
        {
            try
            {
                await App.ResourceNotifications.WaitForResourceAsync(resource,
                    e => e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state), timeout.Token);
                return;
            }
            catch (OperationCanceledException)
            {
            }
        }
        throw new InvalidOperationException($"{command} {resource}: {result.Message}");
    }

    /// <summary>
    /// Starts a killed server again, as an orchestrator restarts a crashed one: once the orchestrator has seen it exit,
    /// and again if the start itself fails (seen once on a loaded machine, for Redis 4 s after its SIGKILL: the
    /// resource reported "failed to start"). Every retry is logged; a server that never comes back fails the run.
    /// </summary>
    public async Task StartAgainAsync(string resource)
    {
        using (var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await App.ResourceNotifications.WaitForResourceAsync(resource,
                e => e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state), exited.Token);
        }
        for (var attempt = 1; ; attempt++)
        {
            await CommandAsync(resource, KnownResourceCommands.StartCommand);
            try
            {
                await WaitHealthyAsync(resource);
                return;
            }
            catch (DistributedApplicationException failed) when (attempt < 3)
            {
                Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {resource} did not start ({failed.Message}); starting it again");
            }
        }
    }

    public async Task WaitHealthyAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    /// <summary>Local server processes whose command line holds <paramref name="part"/> and this app's data folder (or <paramref name="instance"/>).</summary>
    public IReadOnlyList<int> ServerProcesses(string part, string? instance = null) =>
        ServiceProcessIds.Matching(pid =>
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains(instance ?? DataDirectory, StringComparison.Ordinal) && commandLine.Contains(part, StringComparison.Ordinal);
        });

    /// <summary>
    /// The edge's nginx: its master (named after this app's data folder) and the master's children (workers, cache
    /// manager and loader, named only "nginx: worker process"). Workers outlive a SIGKILLed master and keep the port.
    /// </summary>
    public IReadOnlyList<int> EdgeProcesses()
    {
        var masters = ServerProcesses("nginx: master");
        return [.. masters, .. ServiceProcessIds.Matching(pid => masters.Contains(ParentOf(pid)))];
    }

    private static int ParentOf(int pid)
    {
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after its closing parenthesis.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>redis-server names itself after its address (<c>redis-server 127.0.0.1:PORT</c>), not its data folder.</summary>
    public async Task<string> RedisPortAsync() => ":" + (await ConnectionStringAsync(BackingServices.RedisName)).Split(',')[0].Split(':')[^1];

    public static void Signal(IEnumerable<int> pids, string signal)
    {
        foreach (var pid in pids)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardError = true });
            kill?.WaitForExit();
        }
    }
}
