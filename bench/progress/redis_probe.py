#!/usr/bin/env python3
"""Small RESP client and the measurements run.sh needs from Redis (no redis-py on the machine).

  fill PORT N                      append N distinct updates to progress:buffer in the API's entry format
  drain PORT N OUT_JSON            wait until the persist group acknowledged N entries; rows/s between first and last ack
  steady PORT RATE SECONDS OUT_JSON  run the API's progress script (ProgressWriter) RATE times a second, distinct user and
                                   title each, in 10 ms pipelined slices: the Redis side of the API at an exact rate
  lag PORT SECONDS OUT_JSON PIDS   sample the persist group's acknowledged frontier every 20 ms (atomically, with Redis's
                                   clock), and RSS of PIDS; afterwards compute each entry's drain lag
"""
import json, os, socket, sys, time

STREAM, GROUP = "progress:buffer", "progress-persist"

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

FILL = """
local n = tonumber(ARGV[1])
local t = tonumber(ARGV[2])
local function r16() return math.random(0, 65535) end
local function id() return string.format('%04x%04x-%04x-4%03x-%04x-%04x%04x%04x', r16(), r16(), r16(),
  math.random(0, 4095), 32768 + math.random(0, 16383), r16(), r16(), r16()) end
for i = 1, n do
  redis.call('XADD', KEYS[1], '*', 'u', id(), 'm', id(), 'p', i % 7200, 't', t, 'e', id(), 's', '')
end
return n
"""

# The API's own progress script, read from the source so the two can never drift.
WRITE_SCRIPT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Streaming.Api", "Progress", "ProgressWrite.lua")
with open(WRITE_SCRIPT_PATH) as script:
    WRITE = script.read()

def steady(r, rate, seconds, out):
    import uuid
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
                cmds.append(("EVALSHA", sha, 5, f"progress:{u.hex}:{m.hex}", STREAM, f"progress:rate:{u.hex}:{m.hex}",
                             f"progress:session:{u.hex}:{m.hex}", f"progress:{{{u.hex}}}:rate:progress",
                             sent % 7200, int(now * 1000), 86400, 5, 10000, uuid.uuid4(), u, m, 60, 60000))
                sent += 1
            r.send(*cmds)
            late = max(late, due)
        time.sleep(0.01)
    result = {"offered_rate": rate, "sent": sent, "seconds": round(time.time() - start, 3),
              "rate": round(sent / (time.time() - start), 1), "largest_slice": late}
    json.dump(result, open(out, "w"))
    print(json.dumps(result))

def frontier(r):
    """(redis time ms, acknowledged frontier): every entry id below it is delivered and acknowledged."""
    _, _, _, _, res = r.send(("MULTI",), ("TIME",), ("XINFO", "GROUPS", STREAM), ("XPENDING", STREAM, GROUP), ("EXEC",))
    t, groups, pending = res
    now = int(t[0]) * 1000 + int(t[1]) // 1000
    g = next(pairs(x) for x in groups if pairs(x)["name"] == GROUP)
    last = sid(g["last-delivered-id"])
    acked_upto = (last[0], last[1] + 1)  # exclusive
    if pending[0] > 0:
        acked_upto = min(acked_upto, sid(pending[1]))
    return now, acked_upto, g

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
        # Batches of 50k so Redis never blocks for long.
        done = 0
        while done < n:
            k = min(50_000, n - done)
            r.call("EVAL", FILL, 1, STREAM, k, int(time.time() * 1000))
            done += k
        print(f"filled {n} entries in {time.time() - start:.1f} s")
    elif cmd == "drain":
        n, out = int(sys.argv[3]), sys.argv[4]
        deadline = time.time() + 60
        first = None
        while time.time() < deadline:
            groups = r.call("XINFO", "GROUPS", STREAM)
            g = next((pairs(x) for x in groups if pairs(x)["name"] == GROUP), None)
            if g is not None:
                acked = (g.get("entries-read") or 0) - g["pending"]
                now = time.time()
                if first is None and acked > 0:
                    first = (now, acked)
                if acked >= n:
                    rate = (acked - first[1]) / (now - first[0])
                    result = {"entries": n, "seconds": round(now - first[0], 3), "rows_per_s": round(rate, 1)}
                    json.dump(result, open(out, "w"))
                    print(json.dumps(result))
                    return
            time.sleep(0.02)
        sys.exit("the worker did not drain the buffer within 60 s")
    elif cmd == "steady":
        steady(r, float(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
    elif cmd == "lag":
        seconds, out, pids = float(sys.argv[3]), sys.argv[4], sys.argv[5:]
        samples, rss = [], {p: 0 for p in pids}
        start_id = None
        end = time.time() + seconds
        while time.time() < end:
            now, f, _ = frontier(r)
            samples.append((now, f))
            if start_id is None:
                start_id = f
            for p in pids:
                rss[p] = max(rss[p], rss_kb(p))
            time.sleep(0.02)
        # Let the worker finish what was sent during the window, then take the stream's ids.
        deadline = time.time() + 15
        while time.time() < deadline:
            now, f, g = frontier(r)
            samples.append((now, f))
            if g["lag"] == 0 and g["pending"] == 0:
                break
            time.sleep(0.02)
        ids = [sid(e[0]) for e in r.call("XRANGE", STREAM, f"{start_id[0]}-{start_id[1]}", "+")]
        lags, i = [], 0
        for entry in ids:  # ids and samples are both ascending
            while i < len(samples) and not (entry < samples[i][1]):
                i += 1
            if i == len(samples):
                break
            lags.append(samples[i][0] - entry[0])
        lags.sort()
        pct = lambda q: lags[min(len(lags) - 1, int(q * len(lags)))] / 1000 if lags else None
        result = {"entries": len(lags), "unmeasured": len(ids) - len(lags), "sample_interval_ms": 20,
                  "lag_p50_s": pct(0.50), "lag_p99_s": pct(0.99), "lag_max_s": lags[-1] / 1000 if lags else None,
                  "max_rss_mb": {p: round(v / 1024, 1) for p, v in rss.items()}}
        json.dump(result, open(out, "w"))
        print(json.dumps(result))

main()
