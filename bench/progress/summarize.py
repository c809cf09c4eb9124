#!/usr/bin/env python3
"""Turns the raw results of run.sh into the markdown table of bench/BENCHMARKS.md (ratios against same-run baselines)."""
import json, os, re, sys
from pathlib import Path
import redis_cost

out, api_pid, worker_pid, redis_pid = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
write = {r["label"]: r for r in map(json.loads, (out / "write.jsonl").read_text().split("\n")[:-1])}
drain = json.loads((out / "drain.json").read_text())
rows = json.loads((out / "drain-rows.json").read_text())
lag = json.loads((out / "lag.json").read_text())
steady = json.loads((out / "steady.jsonl").read_text().splitlines()[0])
lag_direct = json.loads((out / "lag-direct.json").read_text())
steady_direct = json.loads((out / "steady-direct.json").read_text())
rss_end = json.loads((out / "rss-end.json").read_text())
tps = {c: float(re.search(r"^tps = ([\d.]+)", (out / f"pgbench-c{c}.txt").read_text(), re.M).group(1)) for c in (1, 8)}

def lat(r): return f"{r['p50_ms']:.2f} / {r['p99_ms']:.2f}"
bs, ps, bh, ph, bph = (write[k] for k in ("bare-saturation", "progress-saturation", "bare-half", "progress-half", "bare-at-progress-half"))
errors = sum(write[k]["non2xx"] + write[k]["socket_errors"] for k in write) + steady["non2xx"] + steady["socket_errors"]
lines = [
    "| # | Measurement | Result | Baseline (same run) | Ratio | Target |",
    "|---|---|---|---|---|---|",
    f"| 1 | Progress updates/s at saturation (JWT + rate limit + Redis script) | {ps['rps']:,.0f}/s, p50/p99 {lat(ps)} ms | bare POST {bs['rps']:,.0f}/s, p50/p99 {lat(bs)} ms | **{ps['rps'] / bs['rps']:.2f}** | >= 0.4 |",
    f"| 1 | ... at half of saturation (paced) | {ph['rps']:,.0f}/s, p50/p99 {lat(ph)} ms | bare at the same rate: {bph['rps']:,.0f}/s, p50/p99 {lat(bph)} ms; bare at half its own saturation: {bh['rps']:,.0f}/s, {lat(bh)} ms | p99 {ph['p99_ms'] / max(bph['p99_ms'], 0.001):.1f}x bare | |",
    f"| 2 | Worker drain into PostgreSQL ({drain['entries']:,} updates, distinct rows, batches of 5,000) | {drain['rows_per_s']:,.0f} rows/s | single-row upserts: {tps[1]:,.0f}/s (1 client loop), {tps[8]:,.0f}/s (8 clients) | **{drain['rows_per_s'] / tps[1]:.1f}x** loop, **{drain['rows_per_s'] / tps[8]:.1f}x** 8 clients | >= 20x |",
    f"| 3 | Drain lag under a steady {steady['rps']:,.0f} updates/s through the API ({lag['entries']:,} updates) | p50 {lag['lag_p50_s']:.3f} s, **p99 {lag['lag_p99_s']:.3f} s**, max {lag['lag_max_s']:.3f} s | | | p99 < 2 s |",
    f"| 3b | Drain lag under exactly {steady_direct['rate']:,.0f} updates/s of the API's Redis script (no HTTP; {lag_direct['entries']:,} updates) | p50 {lag_direct['lag_p50_s']:.3f} s, **p99 {lag_direct['lag_p99_s']:.3f} s**, max {lag_direct['lag_max_s']:.3f} s | | | p99 < 2 s |",
    f"| 4 | RSS under that load (max sampled every 20 ms / at the end) | API {lag['max_rss_mb'][api_pid]} / {rss_end['api_rss_mb_end']} MB, worker {lag['max_rss_mb'][worker_pid]} / {rss_end['worker_rss_mb_end']} MB (redis-server {lag['max_rss_mb'][redis_pid]} MB) | | | |",
]
print("\n".join(lines))
print()
print(f"Non-2xx responses and socket errors over all wrk runs: {errors}. Rows in watch_progress after the drain: {rows['rows_in_table']:,}. "
      f"Steady run: wrk p50/p99 {lat(steady)} ms.")

# Issue 23's bounds, as explicit figures (bench/smoke.sh fails when a summary lacks them).
p99_ratio = ph['p99_ms'] / max(bph['p99_ms'], 0.001)
print()
print(f"- p99 ratio at half of the progress path's saturation (progress / bare at the same rate, {ph['rps']:,.0f}/s): "
      f"**{p99_ratio:.1f}x** ({ph['p99_ms']:.2f} / {bph['p99_ms']:.2f} ms; goal <= 3x)")
print(f"- Saturation ratio (progress / bare): **{ps['rps'] / bs['rps']:.2f}** (goal >= 0.45)")
print(f"- API RSS under the steady load (max / end): **{lag['max_rss_mb'][api_pid]:.0f} MB** / {rss_end['api_rss_mb_end']} MB (goal <= 400 MB)")
print(f"- Worker RSS under the steady load (max / end): **{lag['max_rss_mb'][worker_pid]:.0f} MB** / {rss_end['worker_rss_mb_end']} MB (goal <= 250 MB)")
for line in redis_cost.lines(out, write):
    print(line)
print(f"- Caches of the API in this run: validated tokens {os.environ.get('TOKENS', '?')} distinct of at most "
      f"{os.environ.get('JWT_VALIDATION_CACHE_SIZE', '100000')} (JWT_VALIDATION_CACHE_SIZE), titles {os.environ.get('TITLES', '?')} "
      f"of at most {os.environ.get('TITLE_CACHE_SIZE', '100000')} (TITLE_CACHE_SIZE)")
