using System.Diagnostics;
using System.Globalization;

namespace Streaming.Api.Storage.Ingest;

/// <summary>
/// Makes a playable title with ffmpeg: test pattern + tone encoded once in two renditions (640x360, 1280x720,
/// H.264/AAC, a keyframe every 2 s), then packaged without re-encoding as HLS (master <c>index.m3u8</c>,
/// <c>{rendition}/index.m3u8</c>, <c>{rendition}/chunk_00001.ts</c>...) and DASH (<c>index.mpd</c>,
/// SegmentTemplate + SegmentTimeline, fMP4 under <c>dash/</c>).
/// </summary>
public static class SampleTitleGenerator
{
    private const int SegmentSeconds = 4;

    /// <summary>Returns the packaged folder, generating it unless a complete one is cached.</summary>
    public static async Task<string> EnsureAsync(string cacheDirectory, int seconds, CancellationToken cancellationToken)
    {
        var root = Path.Combine(cacheDirectory, $"sample-{seconds}s");
        var packaged = Path.Combine(root, "title");
        var complete = Path.Combine(root, ".complete");
        if (File.Exists(complete))
        {
            return packaged;
        }
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        Directory.CreateDirectory(Path.Combine(packaged, "dash"));
        var duration = seconds.ToString(CultureInfo.InvariantCulture);
        string Rendition(string name) => Path.Combine(root, $"{name}.mp4");

        await FfmpegAsync(root, cancellationToken, [
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=24",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-filter_complex", "[0:v]split=2[a][b];[a]scale=640:360[v360];[b]null[v720]",
            "-map", "[v360]", "-map", "1:a", .. Encoding("800k"), "-t", duration, Rendition("360p"),
            "-map", "[v720]", "-map", "1:a", .. Encoding("2500k"), "-t", duration, Rendition("720p")]);

        await FfmpegAsync(root, cancellationToken, [
            "-i", Rendition("360p"), "-i", Rendition("720p"),
            "-map", "0:v", "-map", "0:a", "-map", "1:v", "-map", "1:a", "-c", "copy",
            "-f", "hls", "-hls_time", $"{SegmentSeconds}", "-hls_playlist_type", "vod", "-start_number", "1",
            "-hls_segment_filename", Path.Combine(packaged, "%v", "chunk_%05d.ts"),
            "-master_pl_name", "index.m3u8",
            "-var_stream_map", "v:0,a:0,name:360p v:1,a:1,name:720p",
            Path.Combine(packaged, "%v", "index.m3u8")]);

        await FfmpegAsync(packaged, cancellationToken, [
            "-i", Rendition("360p"), "-i", Rendition("720p"),
            "-map", "0:v", "-map", "1:v", "-map", "0:a", "-c", "copy",
            "-f", "dash", "-seg_duration", $"{SegmentSeconds}", "-use_template", "1", "-use_timeline", "1",
            "-adaptation_sets", "id=0,streams=v id=1,streams=a",
            "-init_seg_name", "dash/init-$RepresentationID$.m4s",
            "-media_seg_name", "dash/chunk-$RepresentationID$-$Number%05d$.m4s",
            "index.mpd"]);

        await File.WriteAllTextAsync(complete, DateTimeOffset.UtcNow.ToString("O"), cancellationToken);
        return packaged;
    }

    /// <summary>The source's duration, as ffprobe reports it (what a full copy of the title must match).</summary>
    public static string SourceFile(string packagedFolder) => Path.Combine(Path.GetDirectoryName(packagedFolder)!, "360p.mp4");

    private static string[] Encoding(string bitrate) =>
    [
        "-c:v", "libx264", "-preset", "superfast", "-profile:v", "main", "-pix_fmt", "yuv420p", "-b:v", bitrate,
        "-g", "48", "-keyint_min", "48", "-sc_threshold", "0", "-c:a", "aac", "-b:a", "96k",
    ];

    private static async Task FfmpegAsync(string workingDirectory, CancellationToken cancellationToken, string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        // Encoding takes both cores for a while; the services starting beside it must keep answering.
        process.PriorityClass = ProcessPriorityClass.BelowNormal;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}): {await errors}");
        }
    }
}
