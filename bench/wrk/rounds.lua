-- GET PATH_TEMPLATE (one %d) with a random number in MIN..MAX, with the cookie COOKIE when set; prints one line
-- "RESULT requests duration_us errors p99_ms" for bench/lib.sh's wrk_round.
local t, lo, hi, cookie = os.getenv("PATH_TEMPLATE"), tonumber(os.getenv("MIN")), tonumber(os.getenv("MAX")), os.getenv("COOKIE")
local n = 0
setup = function(thread) n = n + 1; thread:set("tid", n) end
init = function() math.randomseed(os.time() * 1000 + (tid or 0) * 7919) end
request = function()
  local h = {}
  if cookie and cookie ~= "" then h["Cookie"] = cookie end
  return wrk.format("GET", string.format(t, math.random(lo, hi)), h)
end
done = function(s, l, r)
  io.write(string.format("RESULT %d %d %d %d\n", s.requests, s.duration,
    s.errors.connect + s.errors.read + s.errors.write + s.errors.status + s.errors.timeout, l:percentile(99) / 1000))
end
