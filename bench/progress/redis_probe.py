#!/usr/bin/env python3
"""Small RESP client and the measurements run.sh needs from Redis (no redis-py on the machine).

  fill PORT N [staged]             append N distinct updates, marked persist, to their users' shard streams in the
                                   API's entry format (layout.py mirrors Streaming.Core's ProgressLayout); "staged":
                                   to a staging stream beside each shard, which the worker does not read
  drain-staged PORT N OUT_JSON     swap the staging streams in for the shards' buffers at once (each with a fresh persist
                                   group), then drain as below
  drain PORT N OUT_JSON            wait until the persist group acknowledged N more entries than when called (all shards); rows/s
                                   between the first and the last of those acks
  steady PORT RATE SECONDS OUT_JSON  run the API's progress script (ProgressWriter) RATE times a second, distinct user and
                                   title each, in 10 ms pipelined slices: the Redis side of the API at an exact rate
  lag PORT SECONDS OUT_JSON PIDS   sample the persist group's acknowledged frontier of every shard every 20 ms (atomically,
                                   with Redis's clock), and RSS of PIDS; afterwards compute each entry's drain lag
"""
import json, os, socket, sys, time, uuid
from layout import Layout

GROUP = "progress-persist"
LAYOUT = Layout(int(os.environ.get("PROGRESS_BUFFER_SHARDS", "16")))
STREAMS = LAYOUT.streams()

class Redis:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf, self.pos = b"", 0

    def _fill(self):
        if self.pos > 0:
            self.buf, self.pos = self.buf[self.pos:], 0
        self.buf += self.sock.recv(1 << 20)

    def _line(self):
        while (end := self.buf.find(b"\r\n", self.pos)) < 0:
            self._fill()
        line, self.pos = self.buf[self.pos:end], end + 2
        return line

    def _read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+",): return rest.decode()
        if kind == b"-": raise RuntimeError(rest.decode())
        if kind == b":": return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0: return None
            while len(self.buf) < self.pos + n + 2:
                self._fill()
            data, self.pos = self.buf[self.pos:self.pos + n], self.pos + n + 2
            return data.decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._read() for _ in range(n)]
        raise RuntimeError(f"unexpected {line!r}")

    def send(self, *commands):
        out = []
        for args in commands:
            out.append(b"*%d\r\n" % len(args))
            for a in args:
                a = str(a).encode()
                out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.sock.sendall(b"".join(out))
        return [self._read() for _ in commands]

    def call(self, *args):
        return self.send(args)[0]

def pairs(flat):
    return dict(zip(flat[::2], flat[1::2]))

def sid(s):
    a, _, b = s.partition("-")
    return (int(a), int(b or 0))

def staging(stream): return stream.replace(":buffer", ":staging")

def fill(r, n, persist=True, staged=False):
    """n updates of distinct users and titles, each in its user's shard, pipelined in slices."""
    t = int(time.time() * 1000)
    done = 0
    while done < n:
        cmds = []
        for i in range(done, min(n, done + 5000)):
            u, m = uuid.uuid4(), uuid.uuid4()
            fields = ["u", str(u), "m", str(m), "p", i % 7200, "t", t, "e", str(uuid.uuid4()), "s", ""]
            stream = LAYOUT.stream(LAYOUT.tag(u))
            cmds.append(("XADD", staging(stream) if staged else stream, "*", *fields, *(["d", "1"] if persist else [])))
        r.send(*cmds)
        done += len(cmds)

# The API's own progress script, read from the source so the two can never drift: as ProgressScripts.Write, the
# fixed-window counter's functions followed by the write.
SCRIPTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Streaming.Core", "Progress")
PERSIST_INTERVAL_MS = int(os.environ.get("PROGRESS_PERSIST_INTERVAL", "30")) * 1000
WRITE = ""
for name in ("FixedWindowCounter.lua", "ProgressWrite.lua"):
    with open(os.path.join(SCRIPTS_DIR, name)) as script:
        WRITE += script.read()

def steady(r, rate, seconds, out):
    sha = r.call("SCRIPT", "LOAD", WRITE)
    start, sent, late = time.time(), 0, 0
    while True:
        now = time.time()
        if now - start >= seconds:
            break
        due = int((now - start) * rate) - sent
        if due > 0:
            cmds = []
            for _ in range(due):
                u, m = uuid.uuid4(), uuid.uuid4()
                keys = LAYOUT.write_keys(u, m)
                cmds.append(("EVALSHA", sha, len(keys), *keys,
                             sent % 7200, int(now * 1000), 86400, 5, 10000, uuid.uuid4(), u, m, 60, 60000,
                             PERSIST_INTERVAL_MS, 0, f"{u.hex}:{m.hex}"))
                sent += 1
            r.send(*cmds)
            late = max(late, due)
        time.sleep(0.01)
    result = {"offered_rate": rate, "sent": sent, "seconds": round(time.time() - start, 3),
              "rate": round(sent / (time.time() - start), 1), "largest_slice": late}
    json.dump(result, open(out, "w"))
    print(json.dumps(result))

def frontier(r):
    """(redis time ms, {stream: acknowledged frontier}): every entry id of a shard below its frontier is delivered
    and acknowledged; also whether every shard is drained."""
    cmds = [("MULTI",), ("TIME",)]
    for stream in STREAMS:
        cmds += [("XINFO", "GROUPS", stream), ("XPENDING", stream, GROUP)]
    res = r.send(*cmds, ("EXEC",))[-1]
    t = res[0]
    now = int(t[0]) * 1000 + int(t[1]) // 1000
    frontiers, drained = {}, True
    for k, stream in enumerate(STREAMS):
        groups, pending = res[1 + 2 * k], res[2 + 2 * k]
        g = next(pairs(x) for x in groups if pairs(x)["name"] == GROUP)
        last = sid(g["last-delivered-id"])
        acked_upto = (last[0], last[1] + 1)  # exclusive
        if pending[0] > 0:
            acked_upto = min(acked_upto, sid(pending[1]))
        frontiers[stream] = acked_upto
        drained = drained and g["lag"] == 0 and g["pending"] == 0
    return now, frontiers, drained

def acknowledged(r):
    """Entries the persist group has acknowledged, over all shards."""
    total = 0
    for stream in STREAMS:
        g = next((pairs(x) for x in r.call("XINFO", "GROUPS", stream) if pairs(x)["name"] == GROUP), None)
        if g is None:
            return None
        total += (g.get("entries-read") or 0) - g["pending"]
    return total

def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0

def main():
    cmd, port = sys.argv[1], sys.argv[2]
    r = Redis(port)
    if cmd == "fill":
        n = int(sys.argv[3])
        start = time.time()
        fill(r, n, staged=sys.argv[4:] == ["staged"])
        print(f"filled {n} entries over {len(STREAMS)} shards in {time.time() - start:.1f} s")
    elif cmd in ("drain", "drain-staged"):
        n, out = int(sys.argv[3]), sys.argv[4]
        def read():
            try:
                return acknowledged(r)
            except RuntimeError:  # a shard's stream or group does not exist yet
                return None
        if cmd == "drain-staged":
            # The worker has been running all along (warm); its reads of the old buffers simply find the new ones.
            for stream in STREAMS:
                r.call("XGROUP", "CREATE", staging(stream), GROUP, "0")
            r.send(("MULTI",), *[("RENAME", staging(stream), stream) for stream in STREAMS], ("EXEC",))
            before = 0
        else:
            before = read() or 0
        deadline = time.time() + 120
        first = None
        polled = time.time()  # the last poll that saw nothing of the batch acknowledged yet
        while time.time() < deadline:
            acked = read()
            if acked is not None:
                now = time.time()
                if first is None and acked > before:
                    # Most of a batch drained between two polls (tiny sizes): its rate is counted from the poll before,
                    # which also keeps the end (at 90 %) from falling on the poll that started the count.
                    first = (now, acked) if acked < before + n / 2 else (polled, before)
                elif first is None:
                    polled = now
                # entries-read is an estimate once a stream has been trimmed, so the end is each shard's own
                # "nothing pending, nothing undelivered", once most of the N entries were seen acknowledged.
                if acked >= before + n or (first is not None and acked >= before + 0.9 * n and frontier(r)[2]):
                    rate = (before + n - first[1]) / (now - first[0])
                    result = {"entries": n, "seconds": round(now - first[0], 3), "rows_per_s": round(rate, 1)}
                    json.dump(result, open(out, "w"))
                    print(json.dumps(result))
                    return
            time.sleep(0.02)
        sys.exit("the worker did not drain the buffer within 120 s")
    elif cmd == "steady":
        steady(r, float(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
    elif cmd == "lag":
        seconds, out, pids = float(sys.argv[3]), sys.argv[4], sys.argv[5:]
        samples, rss = [], {p: 0 for p in pids}
        start_ids = None
        end = time.time() + seconds
        while time.time() < end:
            now, f, _ = frontier(r)
            samples.append((now, f))
            if start_ids is None:
                start_ids = f
            for p in pids:
                rss[p] = max(rss[p], rss_kb(p))
            time.sleep(0.02)
        # Let the worker finish what was sent during the window, then take the streams' ids. Drained means nothing if
        # nothing came yet: on a loaded machine the load can start after the window opened.
        deadline = time.time() + 30
        while time.time() < deadline:
            now, f, drained = frontier(r)
            samples.append((now, f))
            if drained and f != start_ids:
                break
            time.sleep(0.02)
        lags, unmeasured = [], 0
        for stream in STREAMS:
            first = start_ids[stream]
            ids = [sid(e[0]) for e in r.call("XRANGE", stream, f"{first[0]}-{first[1]}", "+")]
            i = 0
            for entry in ids:  # ids and samples are both ascending
                while i < len(samples) and not (entry < samples[i][1][stream]):
                    i += 1
                if i == len(samples):
                    unmeasured += 1
                    continue
                lags.append(samples[i][0] - entry[0])
        if not lags:
            sys.exit("lag: no update reached the buffer and drained during the window and 30 s after it")
        lags.sort()
        pct = lambda q: lags[min(len(lags) - 1, int(q * len(lags)))] / 1000 if lags else None
        result = {"entries": len(lags), "unmeasured": unmeasured, "sample_interval_ms": 20,
                  "lag_p50_s": pct(0.50), "lag_p99_s": pct(0.99), "lag_max_s": lags[-1] / 1000 if lags else None,
                  "max_rss_mb": {p: round(v / 1024, 1) for p, v in rss.items()}}
        json.dump(result, open(out, "w"))
        print(json.dumps(result))

if __name__ == "__main__":
    main()
