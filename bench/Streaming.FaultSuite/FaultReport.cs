using System.Globalization;
using System.Text;

namespace Streaming.FaultSuite;

/// <summary>A stretch of the run: from the fault's injection (or the start) to the next one; healed at <see cref="Heal"/>.</summary>
public sealed record Phase(string Name, TimeSpan Start, TimeSpan? Heal, TimeSpan End)
{
    public bool Contains(TimeSpan at) => at >= Start && at < End;
}

/// <summary>What a run must show (the smoke run's pass mark, and the full run's): no loss of any kind, no 5xx but 503.</summary>
public sealed record Verdict(int ProgressLost, int SessionEventsLost, int ProgressEventsLost, int OtherServerErrors)
{
    public bool Passed => ProgressLost == 0 && SessionEventsLost == 0 && ProgressEventsLost == 0 && OtherServerErrors == 0;

    public override string ToString() => Passed
        ? "PASSED: nothing lost, no 5xx other than 503."
        : $"FAILED: {ProgressLost} progress rows lost, {SessionEventsLost} start/stop events lost, {ProgressEventsLost} progress events lost, {OtherServerErrors} 5xx other than 503.";
}

/// <summary>The fault table: one row per phase, computed from the ledger, the backlog samples and the audit.</summary>
public static class FaultReport
{
    public static (string Table, Verdict Verdict) Build(IReadOnlyList<Phase> phases, TimeSpan faultTime, Ledger ledger, IReadOnlyList<BacklogSample> samples, Audit audit)
    {
        var verdict = new Verdict(0, 0, 0, 0);
        var lastAccepted = ledger.AcceptedProgress
            .GroupBy(p => (p.User, p.Movie))
            .ToDictionary(g => g.Key, g => g.MaxBy(p => p.Position));
        var startEvents = audit.Events.Where(e => e.Topic == "stream.start").Select(e => e.SessionId).ToHashSet();
        var stopEvents = audit.Events.Where(e => e.Topic == "stream.stop").Select(e => e.SessionId).ToHashSet();
        var progressEvents = audit.Events.Where(e => e.Topic == "stream.progress").ToLookup(e => (e.User, e.Movie, e.Position!.Value));

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| Fault ({faultTime.TotalSeconds:F0} s, then healed) | Requests | Status mix | p99 / max latency | 5xx other than 503 | No answer | Requests OK again after heal | Backlog cleared after heal | Progress lost (rows) | start/stop events lost | Progress events lost / duplicated |");
        table.AppendLine("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var phase in phases)
        {
            var requests = ledger.Requests.Where(r => phase.Contains(r.SentAt)).ToList();
            var latencies = requests.Select(r => r.Latency.TotalMilliseconds).Order().ToList();
            var mix = string.Join(", ", requests.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => g.Key == 200
                ? $"200: {g.Count()}"
                : $"{(g.Key == 0 ? "none" : g.Key)}: {g.Count()} ({string.Join(" ", g.GroupBy(r => r.Kind).Select(k => $"{k.Key.ToString().ToLowerInvariant()} {k.Count()}"))}{Reasons(g)})"));
            var otherErrors = requests.Count(r => r.Status >= 500 && r.Status != 503);
            var unanswered = requests.Count(r => r.Status == 0);

            string recovered = "n/a", cleared = "n/a";
            if (phase.Heal is { } heal)
            {
                var lastFailure = requests.Where(r => r.SentAt + r.Latency >= heal && r.Status is not (200 or 429))
                    .Select(r => r.SentAt + r.Latency).DefaultIfEmpty(heal).Max();
                recovered = Seconds(lastFailure - heal);
                var clear = samples.Where(s => s.At >= heal && s.At < phase.End).FirstOrDefault(s => s.IsClear);
                cleared = clear.At == default ? "not within the phase" : Seconds(clear.At - heal);
            }

            var progressLost = lastAccepted.Values.Where(p => phase.Contains(p.SentAt))
                .Count(p => audit.StoredPositions.GetValueOrDefault((p.User, p.Movie), -1) != p.Position);
            var startsLost = ledger.StartedSessions.Where(s => phase.Contains(s.SentAt)).Count(s => !startEvents.Contains(s.Session));
            var stopsLost = ledger.StoppedSessions.Where(s => phase.Contains(s.SentAt)).Count(s => !stopEvents.Contains(s.Session));
            var accepted = ledger.AcceptedProgress.Where(p => phase.Contains(p.SentAt)).Select(p => (p.User, p.Movie, p.Position)).Distinct().ToList();
            var eventsLost = accepted.Count(key => !progressEvents.Contains(key));
            var duplicated = accepted.Sum(key => progressEvents[key].GroupBy(e => e.EventId).Sum(g => g.Count() - 1));

            verdict = new Verdict(verdict.ProgressLost + progressLost, verdict.SessionEventsLost + startsLost + stopsLost,
                verdict.ProgressEventsLost + eventsLost, verdict.OtherServerErrors + otherErrors);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {phase.Name} | {requests.Count} | {mix} | {Percentile(latencies, 0.99):F0} / {latencies.DefaultIfEmpty(0).Max():F0} ms | {otherErrors} | {unanswered} | {recovered} | {cleared} | {progressLost} of {lastAccepted.Values.Count(p => phase.Contains(p.SentAt))} | {startsLost + stopsLost} of {ledger.StartedSessions.Count(s => phase.Contains(s.SentAt)) + ledger.StoppedSessions.Count(s => phase.Contains(s.SentAt))} | {eventsLost} / {duplicated} of {accepted.Count} |");
        }
        return (table.ToString(), verdict);
    }

    /// <summary>Why requests failed, most frequent first: "; Request deadline exceeded 270, ...".</summary>
    private static string Reasons(IEnumerable<RequestRecord> failed)
    {
        var reasons = failed.Where(r => r.Reason is not null).GroupBy(r => r.Reason).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}").ToList();
        return reasons.Count == 0 ? "" : "; " + string.Join(", ", reasons);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):F1} s");
}
