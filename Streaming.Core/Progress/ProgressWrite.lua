-- The progress write: one round trip, every key in the user's shard (one hash slot). Also run as is by bench/progress.
-- KEYS: 1 hot copy, 2 shard buffer, 3 rate counter of the title, 4 current session, 5 the user's rate counter across
--       all titles, 6 shard due set, 7 the started-session marker of the session the player named (4 again when none).
-- ARGV: 1 position, 2 event time (ms), 3 hot TTL (s), 4 rate limit (0 = off), 5 rate window (ms), 6 event id, 7 user,
--       8 movie, 9 user rate limit (0 = off, or already counted), 10 user rate window (ms), 11 persist interval (ms),
--       12 persist now ('1': a stop's final position), 13 the title's member of the due set, 14 the session the
--       player named ('' or absent: none).
-- Returns {0, 0} accepted, {1, 0} older than the hot copy, {2, retry ms} title limit, {3, retry ms} user limit,
-- {4, reason} the named session was revoked (KEYS[7] holds the end reason instead of '1'): nothing is written.
local userLimit = tonumber(ARGV[9])
if userLimit > 0 then
  local count = redis.call('INCR', KEYS[5])
  if count == 1 then redis.call('PEXPIRE', KEYS[5], ARGV[10]) end
  if count > userLimit then return {3, redis.call('PTTL', KEYS[5])} end
end
local limit = tonumber(ARGV[4])
if limit > 0 then
  local count = redis.call('INCR', KEYS[3])
  if count == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[5]) end
  if count > limit then return {2, redis.call('PTTL', KEYS[3])} end
end
-- A named session counts when the user started it for this title; otherwise the title's current session (latest start).
local session = ''
local marker = false
if ARGV[14] and ARGV[14] ~= '' then marker = redis.call('GET', KEYS[7]) end
if marker and marker ~= '1' then return {4, marker} end
local stored = redis.call('HMGET', KEYS[1], 't', 'w')
if stored[1] and tonumber(stored[1]) > tonumber(ARGV[2]) then return {1, 0} end
if marker then
  session = ARGV[14]
  redis.call('EXPIRE', KEYS[7], ARGV[3])
else
  session = redis.call('GET', KEYS[4]) or ''
end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local interval = tonumber(ARGV[11])
local handed = tonumber(stored[2])
-- Persist at most once per interval; the newest position in between is handed over by the worker's flusher.
if ARGV[12] == '1' or not handed or now - handed >= interval then
  redis.call('HSET', KEYS[1], 'p', ARGV[1], 't', ARGV[2], 's', session, 'w', now)
  if interval > 0 then redis.call('ZREM', KEYS[6], ARGV[13]) end
  redis.call('XADD', KEYS[2], '*', 'u', ARGV[7], 'm', ARGV[8], 'p', ARGV[1], 't', ARGV[2], 'e', ARGV[6], 's', session, 'd', '1')
else
  redis.call('HSET', KEYS[1], 'p', ARGV[1], 't', ARGV[2], 's', session)
  redis.call('ZADD', KEYS[6], 'NX', handed + interval, ARGV[13])
  redis.call('XADD', KEYS[2], '*', 'u', ARGV[7], 'm', ARGV[8], 'p', ARGV[1], 't', ARGV[2], 'e', ARGV[6], 's', session)
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {0, 0}
