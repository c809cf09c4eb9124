using Streaming.Hosting.Edge;

namespace Streaming.IntegrationTests.Edge;

public static class EdgeLog
{
    /// <summary>
    /// The entries of one object once <paramref name="count"/> of them are logged (nginx writes a line after the
    /// response has gone out, so the test may read the file first).
    /// </summary>
    public static async Task<IReadOnlyList<EdgeLogEntry>> EntriesForAsync(string logPath, string objectKey, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var entries = (await EdgeAccessLog.ReadAsync(logPath)).Where(entry => entry.Object == objectKey).ToList();
            if (entries.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(entries.Count >= count, $"{entries.Count} of {count} requests for {objectKey} logged");
                return entries;
            }
            await Task.Delay(100);
        }
    }
}
