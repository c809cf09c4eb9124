namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// The processes of .NET service resources, found by the instance id Aspire puts in their environment: the suffix of
/// the resource id, in <c>OTEL_RESOURCE_ATTRIBUTES=service.instance.id=...</c>. Linked into the benchmark drivers too.
/// </summary>
public static class ServiceProcessIds
{
    public static List<int> Of(IEnumerable<string> resourceIds)
    {
        var markers = resourceIds.Select(id => $"OTEL_RESOURCE_ATTRIBUTES=service.instance.id={id[(id.LastIndexOf('-') + 1)..]}").ToHashSet();
        return Matching(pid => File.ReadAllText($"/proc/{pid}/environ").Split('\0').Any(markers.Contains));
    }

    /// <summary>Every other process of this machine that <paramref name="matches"/> (those gone or not ours are skipped).</summary>
    public static List<int> Matching(Func<int, bool> matches)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                if (matches(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone already, or not ours to read.
            }
        }
        return found;
    }

    /// <summary>SIGKILLs each of <paramref name="pids"/> that still runs.</summary>
    public static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Gone already.
            }
        }
    }
}
