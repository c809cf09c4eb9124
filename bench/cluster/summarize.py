#!/usr/bin/env python3
"""Markdown summary of bench/cluster/run.sh results. Usage: summarize.py RESULTS_DIR"""
import json, os, sys

out = sys.argv[1]
read = lambda name: [json.loads(line) for line in open(os.path.join(out, name)) if line.startswith("{")]
throughput = {r["label"].removesuffix("-saturation"): r for r in read("throughput.jsonl")}
cpu = read("cpu.jsonl")

print("| Run | Redis | Shards | updates/s (saturation) | p99 ms | non-2xx |")
print("|---|---|---|---|---|---|")
for r in cpu:
    t = throughput.get(r["label"], {})
    print(f"| {r['label']} | {r['redis']} | {r['shards']} | {t.get('rps', 0):,.0f} | {t.get('p99_ms', 0):.1f} | {t.get('non2xx', 0)} |")
one, default = throughput.get("cluster-1-shard"), throughput.get("cluster-default")
if one and default and one["rps"]:
    print(f"\nCluster, default shards vs 1 shard: {default['rps'] / one['rps']:.2f}x")

print("\n| Run | accepted (steady) | rows written | CPU s / 1,000 updates: API | Redis (all nodes) | worker | PostgreSQL |")
print("|---|---|---|---|---|---|---|")
for r in cpu:
    c = r["cpu_s_per_1000"]
    print(f"| {r['label']} | {r['accepted']:,} | {r['rows_written']:,} | {c['api']} | {c['redis']} | {c['worker']} | {c['postgres']} |")
