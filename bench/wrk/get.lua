-- GET a path with a random number: PATH_TEMPLATE (with one %d), MIN and MAX from the environment.
-- AUTH, when set, is sent as a Bearer token.
local template = os.getenv("PATH_TEMPLATE")
local min = tonumber(os.getenv("MIN") or "1")
local max = tonumber(os.getenv("MAX") or "1")
local token = os.getenv("AUTH")

request = function()
  local path = string.format(template, math.random(min, max))
  local headers = {}
  if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", path, headers)
end

dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
