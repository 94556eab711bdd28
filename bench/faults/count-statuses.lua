-- wrk script: counts responses by status across all threads and prints them at the end,
-- with wrk's socket errors, so a drill can tell 200s from 503s from failures.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local seen = thread:get("counts")
    for status, count in pairs(seen) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d %d\n", status, count))
  end
  local errors = summary.errors
  io.write(string.format("socket_errors %d\n", errors.connect + errors.read + errors.write + errors.timeout))
end
