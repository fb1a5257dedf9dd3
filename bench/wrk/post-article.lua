-- POST /articles as the signed-in bench user, with 2 or 3 random categories (ids MIN..MAX).
local token = os.getenv("TOKEN")
local min = tonumber(os.getenv("MIN"))
local max = tonumber(os.getenv("MAX"))
local content = string.rep("Benchmark article body, written under load. ", 14)
local n = 0

request = function()
  n = n + 1
  local a = math.random(min, max)
  local b = math.random(min, max)
  local ids = a .. "," .. b
  if n % 2 == 0 then ids = ids .. "," .. math.random(min, max) end
  local body = '{"title":"Bench ' .. n .. '","content":"' .. content .. '","categoryIds":[' .. ids .. ']}'
  return wrk.format("POST", "/articles",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
