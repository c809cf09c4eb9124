using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Streaming.DeliveryBench;

public sealed record BenchOptions(int Viewers, int Segments, int SegmentKiB, int LatencySamples, int SessionsPerCause, int AuthSessions, double Minutes);

/// <summary>Every figure of a run, as the results file's markdown tables and its JSON summary.</summary>
public sealed record BenchResults(BenchOptions Options, DateTimeOffset FinishedAt, int Cores, string LoadAtStart,
    OffloadResult Edge, OffloadResult Presigned, LatencyResult Latency, IReadOnlyList<RevocationResult> Revocation, AuthCostResult AuthCost)
{
    /// <summary>The API's PLAYBACK_REVOCATION_SECONDS in this run (the AppHost leaves the default).</summary>
    public const int RevocationSetting = 10;

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });

    /// <summary>What a run must produce (the smoke run's pass mark): each figure measured on at least one sample.</summary>
    public List<string> MissingFigures()
    {
        var missing = new List<string>();
        if (Edge.SegmentObjects == 0 || Edge.HitRatioPercent is null || Edge.Failed > 0)
        {
            missing.Add($"edge offload ({Edge.SegmentObjects} segment objects seen, {Edge.Failed} failed requests)");
        }
        if (Presigned.SegmentObjects == 0 || Presigned.Failed > 0)
        {
            missing.Add($"presigned offload ({Presigned.SegmentObjects} segment objects seen, {Presigned.Failed} failed requests)");
        }
        if (Latency.Edge.Count == 0 || Latency.S3.Count == 0 || Latency.Failed > 0)
        {
            missing.Add($"latency ({Latency.Failed} failed requests)");
        }
        missing.AddRange(Revocation.Where(r => r.Seconds is null || r.NeverRefused > 0 || r.WrongReasons > 0)
            .Select(r => $"revocation by {r.Cause} ({r.NeverRefused} never refused, {r.WrongReasons} with another reason)"));
        if (AuthCost.SegmentRequests == 0 || AuthCost.Failed > 0)
        {
            missing.Add($"authorisation cost ({AuthCost.SegmentRequests} segment requests in the window, {AuthCost.Failed} failed)");
        }
        return missing;
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Delivery benchmark, {FinishedAt:yyyy-MM-dd HH:mm} UTC, {Cores} cores, load average at start {LoadAtStart}. " +
            $"One title of {Options.Segments} segments of {Options.SegmentKiB} KiB (4 s each); PLAYBACK_REVOCATION_SECONDS = {RevocationSetting}.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Origin offload: {Options.Viewers} viewers play the title at once, each its own session");
        md.AppendLine();
        md.AppendLine("| Delivery | Viewers | Requests (failed) | GETs at the bucket | Per segment object: mean / max | Manifest GETs at the bucket | Edge hit ratio | Play time |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in new[] { Edge, Presigned })
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Mode} | {row.Viewers} | {row.Requests} ({row.Failed}) | {row.OriginGets} | {row.SegmentOriginGetsMean:F2} / {row.SegmentOriginGetsMax} | {(row.Mode == "edge" ? row.ManifestOriginGets.ToString(CultureInfo.InvariantCulture) : "via the API")} | {(row.HitRatioPercent is { } ratio ? $"{ratio:F1} %" : "none (no cache)")} | {row.Seconds:F1} s |");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Latency of a cached segment ({Options.SegmentKiB} KiB, {Latency.Edge.Count} + {Latency.S3.Count} GETs, alternating, one client)");
        md.AppendLine();
        md.AppendLine("| Path | p50 | p99 | max |");
        md.AppendLine("|---|---:|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| edge (cache HIT; {Latency.EdgeNotHit} not HIT) | {Latency.Edge.P50:F1} ms | {Latency.Edge.P99:F1} ms | {Latency.Edge.Max:F1} ms |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| S3 direct (presigned URL) | {Latency.S3.P50:F1} ms | {Latency.S3.P99:F1} ms | {Latency.S3.Max:F1} ms |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Revocation: cause to the first refused segment request ({Options.SessionsPerCause} sessions per cause; goal within {RevocationSetting} s)");
        md.AppendLine();
        md.AppendLine("| Cause | X-Playback-Denied | Measured from | Sessions | p50 | p99 | max | Other reason | Never refused |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Revocation)
        {
            var s = row.Seconds;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Cause} | {row.Reason} | {row.MeasuredFrom} | {row.Sessions} | {Seconds(s?.P50)} | {Seconds(s?.P99)} | {Seconds(s?.Max)} | {row.WrongReasons} | {row.NeverRefused} |");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Authorisation cost: {AuthCost.Sessions} sessions, a segment every 4 s, {AuthCost.Minutes:0.##} min steady window");
        md.AppendLine();
        md.AppendLine("| Sessions | Segment requests (failed) | Authorisations the edge asked the API for | Per session per minute |");
        md.AppendLine("|---:|---:|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| {AuthCost.Sessions} | {AuthCost.SegmentRequests} ({AuthCost.Failed}) | {AuthCost.ApiCalls} | {AuthCost.CallsPerSessionMinute:F2} |");
        return md.ToString();
    }

    private static string Seconds(double? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:F2} s") : "-";
}
