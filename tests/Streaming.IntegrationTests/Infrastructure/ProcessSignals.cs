using System.Globalization;
using System.Runtime.InteropServices;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// Freezes an executable resource with SIGSTOP: its sockets still accept connections (the kernel queues them), but
/// nothing answers, which is how a hung server looks to its clients and what a stop cannot show.
/// </summary>
public static class ProcessSignals
{
    private const int SigCont = 18;
    private const int SigStop = 19;

    /// <summary>The process id DCP reports for an executable resource.</summary>
    public static int ProcessIdOf(DistributedApplication app, string resource, string expectedCommand)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var state), $"{resource} has no state");
        var property = state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid");
        Assert.True(property?.Value is not null, $"{resource} reports no process id");
        var pid = Convert.ToInt32(property!.Value, CultureInfo.InvariantCulture);
        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        Assert.Contains(expectedCommand, commandLine);
        return pid;
    }

    /// <summary>Stops the process until the returned scope is disposed.</summary>
    public static IDisposable Freeze(int pid)
    {
        Signal(pid, SigStop);
        return new Thaw(pid);
    }

    private static void Signal(int pid, int signal) =>
        Assert.True(kill(pid, signal) == 0, $"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private sealed class Thaw(int pid) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                Signal(pid, SigCont);
            }
        }
    }
}
