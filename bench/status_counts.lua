-- wrk script used by bench/run.py.
--
-- wrk only reports "Non-2xx or 3xx responses", so a redirect to the login page
-- (a lost session) would pass as a success: count every HTTP status instead and
-- print the totals as "status <code> <count>" lines when the run is done.
-- The script's argument caps the number of responses per thread, so that a run
-- is bounded in count as well as in time.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  responses = 0
  max_responses = tonumber(args[1]) or math.huge
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  responses = responses + 1
  if responses >= max_responses then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    io.write(string.format("status %d %d\n", status, count))
  end
end
