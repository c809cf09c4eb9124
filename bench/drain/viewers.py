#!/usr/bin/env python3
"""Viewers reporting progress every PERIOD seconds through the API's own write script (no HTTP), for the drain benchmark.

  viewers.py PORT VIEWERS PERIOD SECONDS OUT_JSON

Each viewer watches one title; its first report comes at a random offset within the first period. Reports are sent
in 10 ms pipelined slices. Writes the number of reports and viewer-seconds to OUT_JSON.
"""
import json, os, random, sys, time, uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "progress"))
from redis_probe import Redis, LAYOUT, WRITE, PERSIST_INTERVAL_MS  # noqa: E402

def main():
    port, viewers, period, seconds, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
    r = Redis(port)
    sha = r.call("SCRIPT", "LOAD", WRITE)
    pairs = [(uuid.uuid4(), uuid.uuid4()) for _ in range(viewers)]
    keys = [LAYOUT.write_keys(u, m) for u, m in pairs]
    offsets = [random.uniform(0, period) for _ in range(viewers)]
    sent = [0] * viewers
    start = time.time()
    reports = 0
    while (elapsed := time.time() - start) < seconds:
        cmds = []
        for i in range(viewers):
            # Report k of viewer i is due at offset + k * period.
            while offsets[i] + sent[i] * period <= elapsed:
                u, m = pairs[i]
                sent[i] += 1
                cmds.append(("EVALSHA", sha, len(keys[i]), *keys[i], sent[i] * 10, int(time.time() * 1000), 86400, 0, 10000,
                             uuid.uuid4(), u, m, 0, 60000, PERSIST_INTERVAL_MS, 0, f"{u.hex}:{m.hex}"))
        if cmds:
            for reply in r.send(*cmds):
                if not isinstance(reply, list) or reply[0] != 0:
                    sys.exit(f"write script answered {reply}")
            reports += len(cmds)
        time.sleep(0.01)
    # The script's arguments must line up with what it reads: each viewer's hot copy holds its last position.
    for i in range(viewers):
        if sent[i] and r.call("HGET", keys[i][0], "p") != str(sent[i] * 10):
            sys.exit(f"viewer {i}: hot copy {keys[i][0]} does not hold its last position {sent[i] * 10}")
    result = {"viewers": viewers, "period_s": period, "seconds": round(time.time() - start, 1), "reports": reports,
              "persist_interval_ms": PERSIST_INTERVAL_MS}
    json.dump(result, open(out, "w"))
    print(json.dumps(result))

main()
