-- The fixed-window counter of every limit (a title's progress, a user's progress, starts and stops): one definition,
-- put at the top of each script that counts (see FixedWindowCounter.cs). A counter key counts the requests of the
-- current window; the first request starts the window by giving the key its expiry. A window can also live in two
-- fields of a hash the script reads and writes anyway (fixedWindowCount).

-- Counts one request against limit per windowMs. Returns nil when it is allowed, else the wait in ms until the
-- window ends (the key's PTTL).
local function fixedWindowAcquire(key, limit, windowMs)
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, windowMs) end
  if count > limit then return redis.call('PTTL', key) end
  return nil
end

-- Gives back one counted request of the current window; never below zero, and an ended window stays ended.
local function fixedWindowRefund(key)
  local count = tonumber(redis.call('GET', key) or '0')
  if count > 0 then redis.call('DECR', key) end
end

-- The same window kept by the caller (its start in ms on Redis's clock, and its count): returns the window's start and
-- count after this request, and the wait in ms until the window ends when the request is refused. With a limit of 0
-- nothing is counted.
local function fixedWindowCount(now, start, count, limit, windowMs)
  if not start or now - start >= windowMs then
    start = now
    count = 0
  end
  if limit <= 0 then return start, count, nil end
  if count >= limit then return start, count, math.max(1, start + windowMs - now) end
  return start, count + 1, nil
end
