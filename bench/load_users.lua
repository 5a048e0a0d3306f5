-- wrk script of the concurrent-users benchmark (bench/run.py load_50_users).
--
-- wrk -t U -c U -s load_users.lua URL -- PLAN: one thread per user, each with one
-- connection, so that each thread is one user going through its own steps in turn.
-- PLAN is a tab-separated file written by bench/loadgen.py:
--   think  <min ms>  <max ms>
--   rampup <ms>
--   step   <user>  <page>  <method>  <path>  <cookie>  [<form body>]
-- A user pauses a random think time (uniform between min and max) before each request,
-- as a person reading the page would; the pause is not part of the latency. Its
-- connection is kept alive meanwhile, as a browser's (the server's keep-alive must
-- outlast the longest pause). Responses to requests sent in the first <rampup> ms are
-- not counted: wrk opens every connection at once and only then waits before the first
-- request, which a server thread spends waiting for it.
-- Latencies are taken per page with the monotonic clock (LuaJIT's ffi), from the
-- moment the request is written to the moment its response is read. done() prints a
-- line per response, "response <page> <status> <ms> <login>", <login> being 1 for a
-- redirect to the login page (a lost session). (wrk's thread:get crashes on nested
-- tables: each thread keeps a flat list of lines.)

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } takwia_timespec;
  int clock_gettime(int clock, takwia_timespec *spec);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("takwia_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("user", tostring(counter))
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

function init(args)
  steps, lines = {}, {}
  think_min, think_max, rampup = 0, 0, 0
  position, current, started = 0, nil, nil
  counted_from = now_ms()
  math.randomseed(tonumber(user) * 7919 + os.time())
  for line in io.lines(args[1]) do
    local fields = split(line)
    if fields[1] == "think" then
      think_min, think_max = tonumber(fields[2]), tonumber(fields[3])
    elseif fields[1] == "rampup" then
      counted_from = counted_from + tonumber(fields[2])
    elseif fields[1] == "step" and fields[2] == user then
      local headers = { Cookie = fields[6] }
      local body = fields[7]
      if body == "" then
        body = nil
      else
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      end
      table.insert(steps, {
        page = fields[3],
        raw = wrk.format(fields[4], fields[5], headers, body),
      })
    end
  end
  if #steps == 0 then
    error("no steps for user " .. user)
  end
  -- Users start at different steps of their round, so that every page is as often
  -- requested from the first second on.
  position = (tonumber(user) - 1) % #steps
end

function delay()
  return math.random(think_min, think_max)
end

function request()
  position = position % #steps + 1
  current = steps[position]
  started = now_ms()
  return current.raw
end

function response(status, headers, body)
  if current == nil then
    return
  end
  if started < counted_from then
    table.insert(lines, "rampup")  -- served, not counted (the CPU time is per response)
    current = nil
    return
  end
  local location = headers["Location"] or headers["location"] or ""
  local login = 0
  if status >= 300 and status < 400 and location:find("/accounts/login/", 1, true) then
    login = 1
  end
  table.insert(
    lines,
    string.format("response\t%s\t%d\t%.3f\t%d", current.page, status, now_ms() - started, login)
  )
  current = nil
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for _, line in ipairs(thread:get("lines")) do
      io.write(line, "\n")
    end
  end
end
