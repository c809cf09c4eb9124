using Streaming.Hosting.Edge;

namespace Streaming.DeliveryBench;

/// <summary>
/// The edge's access log from a byte offset on (one phase of the run), parsed with the AppHost's reader
/// (<see cref="EdgeAccessLog"/>). nginx writes a line after the response is sent, so a phase waits for its lines.
/// </summary>
public sealed class EdgeLogWindow(string path)
{
    private long _start = Length(path);

    public void Restart() => _start = Length(path);

    public async Task<List<EdgeLogEntry>> ReadAsync()
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(_start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var entries = new List<EdgeLogEntry>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (EdgeAccessLog.Parse(line) is { } entry)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    /// <summary>The window's entries once at least <paramref name="expected"/> of them match (or after 30 s).</summary>
    public async Task<List<EdgeLogEntry>> ReadAsync(Func<EdgeLogEntry, bool> matches, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var entries = await ReadAsync();
            if (entries.Count(matches) >= expected || DateTime.UtcNow > deadline)
            {
                return entries;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>The authorisation answer came from the API, not from the edge's cache (MISS, EXPIRED, STALE, ...).</summary>
    public static bool AskedTheApi(EdgeLogEntry entry) => entry.AuthCache is not ("" or "HIT" or "UPDATING");

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
