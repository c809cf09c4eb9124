#!/usr/bin/env python3
"""What Redis itself spent in the progress runs of run.sh, from the INFO snapshots taken around them (redis-<label>-start.txt
and -end.txt): CPU per report of its main thread and of the AOF rewrites' children, the script's time against its
commands', and the latency monitor's events (each a second in which something took over 2 ms). Prints markdown lines.
Usage: redis_cost.py RESULTS_DIR"""
import json, sys
from pathlib import Path


def info(path):
    fields = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith("#"):
            fields[key] = value
    return fields


def calls(fields, command):
    stats = dict(part.split("=") for part in fields.get(f"cmdstat_{command}", "calls=0,usec=0").split(","))
    return int(stats["calls"]), int(stats["usec"])


def window(out, label):
    """(start, end) INFO of a run."""
    return info(out / f"redis-{label}-start.txt"), info(out / f"redis-{label}-end.txt")


def rewrites(before, after):
    return int(after["aof_rewrites"]) - int(before["aof_rewrites"])


def lines(out, write):
    before, after = window(out, "progress-saturation")
    reports = write["progress-saturation"]["requests"]
    cpu = lambda key: (float(after[key]) - float(before[key])) * 1e6 / reports
    script_calls, script_usec = (a - b for a, b in zip(calls(after, "evalsha"), calls(before, "evalsha")))
    inner = sum(calls(after, c)[1] - calls(before, c)[1] for c in
                {k[len("cmdstat_"):] for k in after if k.startswith("cmdstat_")} - {"evalsha", "info", "latency|reset", "latency|latest", "latency|history", "config|set", "ping"})
    saturation = (
        f"- Redis per progress report at saturation (its own counters): main thread **{cpu('used_cpu_user_main_thread') + cpu('used_cpu_sys_main_thread'):.1f} us** "
        f"(user {cpu('used_cpu_user_main_thread'):.1f}, system {cpu('used_cpu_sys_main_thread'):.1f}), AOF rewrites' children "
        f"{cpu('used_cpu_user_children') + cpu('used_cpu_sys_children'):.1f} us; the script {script_usec / max(script_calls, 1):.1f} us per call, "
        f"of which its commands {inner / max(script_calls, 1):.1f} us; {rewrites(before, after)} AOF rewrites")
    before, after = window(out, "progress-half")
    events = {k[len("latency_"):]: [int(v) for v in value.split(",") if v] for k, value in after.items() if k.startswith("latency_")}
    described = ", ".join(f"{name} in {len(samples)} s (worst {max(samples)} ms)" for name, samples in sorted(events.items()) if samples) or "none"
    half = (f"- Redis in the half-load run: {rewrites(before, after)} AOF rewrites started; "
            f"latency monitor (a second with an event over 2 ms): {described}")
    return [saturation, half]


if __name__ == "__main__":
    out = Path(sys.argv[1])
    write = {r["label"]: r for r in map(json.loads, (out / "write.jsonl").read_text().split("\n")[:-1])}
    print("\n".join(lines(out, write)))
