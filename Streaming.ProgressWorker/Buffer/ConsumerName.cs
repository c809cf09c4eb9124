namespace Streaming.ProgressWorker.Buffer;

public static class ConsumerName
{
    /// <summary>Unique per process, so replicas (and a restarted worker) never share a pending list by accident.</summary>
    public static string ForThisProcess() =>
        $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
}
