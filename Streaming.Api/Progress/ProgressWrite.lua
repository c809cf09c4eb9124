-- The progress write: one round trip. Also run as is by bench/progress/redis_probe.py.
-- KEYS: hot copy, buffer, rate counter, current session, the user's rate counter across all titles.
-- ARGV: position, event time (ms), hot TTL (s), rate limit (0 = off), rate window (ms), event id, user, movie,
--       user rate limit (0 = off, or already counted), user rate window (ms).
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
local stored = redis.call('HGET', KEYS[1], 't')
if stored and tonumber(stored) > tonumber(ARGV[2]) then return {1, 0} end
redis.call('HSET', KEYS[1], 'p', ARGV[1], 't', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
local session = redis.call('GET', KEYS[4]) or ''
redis.call('XADD', KEYS[2], '*', 'u', ARGV[7], 'm', ARGV[8], 'p', ARGV[1], 't', ARGV[2], 'e', ARGV[6], 's', session)
return {0, 0}
