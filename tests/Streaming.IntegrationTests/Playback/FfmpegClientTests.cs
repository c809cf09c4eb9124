using System.Diagnostics;
using System.Globalization;

namespace Streaming.IntegrationTests.Playback;

/// <summary>ffmpeg, an HLS client that shares no code with ours, follows manifest_url (on the edge) through the whole title.</summary>
[Collection(PlaybackCollection.Name)]
public sealed class FfmpegClientTests(PlaybackApp app)
{
    [Fact]
    public async Task Ffmpeg_copies_the_whole_title_through_manifest_url()
    {
        var stream = await app.StartStreamAsync("hls");
        var manifestUrl = new Uri(stream.GetProperty("manifest_url").GetString()!);
        Assert.Equal(app.EdgeUrl.Port, manifestUrl.Port);
        Assert.StartsWith("/play/", manifestUrl.AbsolutePath, StringComparison.Ordinal);
        var output = Path.Combine(Path.GetTempPath(), $"playback-copy-{Guid.NewGuid():N}.ts");
        try
        {
            await RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", manifestUrl.ToString(), "-c", "copy", output);
            var copied = await DurationAsync(output);
            var source = await DurationAsync(Streaming.Api.Storage.Ingest.SampleTitleGenerator.SourceFile(app.SampleFolder));
            Assert.InRange(copied, source - 0.5, source + 0.5);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<double> DurationAsync(string file) => double.Parse(
        (await RunAsync("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", file)).Trim(),
        CultureInfo.InvariantCulture);

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} failed: {await stderr}");
        return await stdout;
    }
}
