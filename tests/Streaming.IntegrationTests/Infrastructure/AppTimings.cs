using System.Globalization;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// When an application fixture started, turned ready and stopped, appended to <c>$STREAMING_TEST_TIMINGS/apps.tsv</c>
/// (set by scripts/test.sh) so that its timing summary can say what each collection cost: collections run side by side,
/// and a test's own start and end times leave the app's start and stop out.
/// </summary>
internal static class AppTimings
{
    private static readonly string? File = Environment.GetEnvironmentVariable("STREAMING_TEST_TIMINGS") is { Length: > 0 } folder
        ? Path.Combine(folder, "apps.tsv")
        : null;

    private static readonly Lock Gate = new();

    public static void Started(string fixture) => Write(fixture, "started");

    public static void Ready(string fixture) => Write(fixture, "ready");

    public static void Stopped(string fixture) => Write(fixture, "stopped");

    private static void Write(string fixture, string what)
    {
        if (File is null)
        {
            return;
        }
        var seconds = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
        lock (Gate)
        {
            System.IO.File.AppendAllText(File, $"{fixture}\t{what}\t{seconds}{Environment.NewLine}");
        }
    }
}
