-- wrk script for the progress benchmark (bench/progress/run.sh).
-- Every request: POST {"position_seconds": n} to PATH with a bearer token taken round robin from TOKENS and a
-- random title of a pool of TITLES, so a (user, title) pair rarely repeats within the rate-limit window: the rate
-- limit runs but never rejects.
-- RATE (requests/s for this wrk thread; 0 = as fast as possible) paces requests with an absolute schedule via delay().
-- done() prints one JSON line with throughput, latency percentiles and error counts.
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local path = os.getenv("BENCH_PATH") or "/api/v1/stream/%s/progress"
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local titles = tonumber(os.getenv("BENCH_TITLES") or "500")
local label = os.getenv("BENCH_LABEL") or "run"
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end

local counter = 0
local next_slot = nil
local interval = rate > 0 and 1000.0 / rate or 0

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

local function title()
  return string.format("0b6c1f0e-0000-4000-8000-%012x", math.random(1, titles))
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local target = path:find("%%s") and string.format(path, title()) or path
  return wrk.format("POST", target,
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token },
    '{"position_seconds":' .. (counter % 7200) .. '}')
end

if rate > 0 then
  function delay()
    local now = now_ms()
    if next_slot == nil or next_slot < now - 100 then next_slot = now end -- no catch-up bursts after a stall
    local slot = next_slot
    next_slot = next_slot + interval
    local wait = slot - now
    return wait > 0 and math.floor(wait) or 0
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"label":"%s","requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"non2xx":%d,"socket_errors":%d}\n',
    label, summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
