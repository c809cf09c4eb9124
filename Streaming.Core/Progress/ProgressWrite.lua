-- The progress write: one round trip, every key in the user's shard (one hash slot). Runs after FixedWindowCounter.lua
-- (ProgressScripts.Write); bench/progress runs the two the same way. Called through ProgressWriteCall, whose members
-- bear the names below in this order (ProgressWriteCallTests compares them).
local hotCopy = KEYS[1]            -- the hot copy of the user's title
local buffer = KEYS[2]             -- the shard's buffer (stream)
local currentSession = KEYS[3]     -- the title's current session
local userRate = KEYS[4]           -- the user's rate counter of progress across all titles
local due = KEYS[5]                -- the shard's due set
local namedSessionMarker = KEYS[6] -- the started-session marker of the session the player named (currentSession when none)
local position = ARGV[1]
local eventTimeMs = ARGV[2]
local hotTtlSeconds = ARGV[3]
local titleRateLimit = ARGV[4]     -- 0 = off
local titleRateWindowMs = ARGV[5]
local eventId = ARGV[6]
local user = ARGV[7]
local movie = ARGV[8]
local userRateLimit = ARGV[9]      -- 0 = off, or already counted
local userRateWindowMs = ARGV[10]
local persistIntervalMs = ARGV[11]
local persistNow = ARGV[12]        -- '1': a stop's final position
local titleMember = ARGV[13]       -- the title's member of the due set
local namedSession = ARGV[14]      -- the session the player named ('' or absent: none)
-- Returns {0, 0} accepted, {1, 0} older than the hot copy, {2, retry ms} title limit, {3, retry ms} user limit,
-- {4, reason} the named session was revoked (its marker holds the end reason instead of '1'): nothing is written.
if tonumber(userRateLimit) > 0 then
  local retry = fixedWindowAcquire(userRate, tonumber(userRateLimit), userRateWindowMs)
  if retry then return {3, retry} end
end
-- A named session counts when the user started it for this title; otherwise the title's current session (latest start).
local session = ''
local marker = false
if namedSession and namedSession ~= '' then marker = redis.call('GET', namedSessionMarker) end
if marker and marker ~= '1' then return {4, marker} end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
-- The title's limit is a fixed window kept in the hot copy itself ('rs' its start, 'rn' its count): a counter key of
-- its own would be created, given an expiry and deleted again for nearly every report (a player reports once per
-- window), which cost Redis a tenth to a fifth of its time per report (bench/BENCHMARKS.md).
local stored = redis.call('HMGET', hotCopy, 't', 'w', 'rs', 'rn')
local windowStart, windowCount, retry = fixedWindowCount(now, tonumber(stored[3]), tonumber(stored[4]) or 0,
  tonumber(titleRateLimit), tonumber(titleRateWindowMs))
if retry then return {2, retry} end
if stored[1] and tonumber(stored[1]) > tonumber(eventTimeMs) then
  -- Older than the hot copy: nothing changes but the count of the title's window.
  if tonumber(titleRateLimit) > 0 then redis.call('HSET', hotCopy, 'rs', windowStart, 'rn', windowCount) end
  return {1, 0}
end
if marker then
  session = namedSession
  redis.call('EXPIRE', namedSessionMarker, hotTtlSeconds)
else
  session = redis.call('GET', currentSession) or ''
end
local interval = tonumber(persistIntervalMs)
local handed = tonumber(stored[2])
-- Persist at most once per interval; the newest position in between is handed over by the worker's flusher.
if persistNow == '1' or not handed or now - handed >= interval then
  redis.call('HSET', hotCopy, 'p', position, 't', eventTimeMs, 's', session, 'w', now, 'rs', windowStart, 'rn', windowCount)
  if interval > 0 then redis.call('ZREM', due, titleMember) end
  redis.call('XADD', buffer, '*', 'u', user, 'm', movie, 'p', position, 't', eventTimeMs, 'e', eventId, 's', session, 'd', '1')
else
  redis.call('HSET', hotCopy, 'p', position, 't', eventTimeMs, 's', session, 'rs', windowStart, 'rn', windowCount)
  redis.call('ZADD', due, 'NX', handed + interval, titleMember)
  redis.call('XADD', buffer, '*', 'u', user, 'm', movie, 'p', position, 't', eventTimeMs, 'e', eventId, 's', session)
end
redis.call('EXPIRE', hotCopy, hotTtlSeconds)
return {0, 0}
