using Streaming.Hosting.Edge;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Edge;

public static class EdgeLog
{
    /// <summary>
    /// The entries of one object once <paramref name="count"/> of them are logged (nginx writes a line after the
    /// response has gone out, so the test may read the file first).
    /// </summary>
    public static async Task<IReadOnlyList<EdgeLogEntry>> EntriesForAsync(string logPath, string objectKey, int count) =>
        await Eventually.ValueAsync<IReadOnlyList<EdgeLogEntry>>(
            async () => (await EdgeAccessLog.ReadAsync(logPath)).Where(entry => entry.Object == objectKey).ToList(),
            entries => entries.Count >= count, $"{count} requests for {objectKey} are logged",
            describe: entries => $"{entries.Count} logged");
}
