-- Removes hot copies that still hold exactly an update PostgreSQL refused as older. One shard per call.
-- KEYS: hot copies (one shard). ARGV: the refused event times (ms), one per key.
local removed = 0
for i, key in ipairs(KEYS) do
  if redis.call('HGET', key, 't') == ARGV[i] then
    redis.call('DEL', key)
    removed = removed + 1
  end
end
return removed
