-- The persist flusher of one shard: hands the hot copies whose interval ran out to the persist group. Atomic: a
-- member leaves the due set only in the script that appends its flush entry, so a crash loses nothing.
-- KEYS: 1 shard due set, 2 shard buffer (the hot copies are <prefix><member>, in the same slot).
-- ARGV: 1 hot key prefix, 2 most members per call.
-- Returns the number of members taken.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  local key = ARGV[1] .. member
  local hot = redis.call('HMGET', key, 'p', 't', 's')
  local user, movie = string.match(member, '^(%x+):(%x+)$')
  if hot[1] and hot[2] and user then
    -- No event id: the position's event was published when the update arrived.
    redis.call('XADD', KEYS[2], '*', 'u', user, 'm', movie, 'p', hot[1], 't', hot[2], 's', hot[3] or '', 'd', '1')
    redis.call('HSET', key, 'w', now)
  end
  redis.call('ZREM', KEYS[1], member)
end
return #due
