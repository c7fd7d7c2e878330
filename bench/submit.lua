-- bench/submit.lua - wrk script: every request POSTs the same whole survey response (the JSON in the file
-- named by $BODY_FILE) to a shared link, so each one is a new respondent's submission, committed durably.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.body = f:read("*a")
f:close()

local statuses = {}
function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
	io.write(string.format("submit_p50_ms: %.2f\n", latency:percentile(50) / 1000))
	io.write(string.format("submit_p99_ms: %.2f\n", latency:percentile(99) / 1000))
	io.write(string.format("submit_requests: %d\n", summary.requests))
	io.write(string.format("submit_errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read +
		summary.errors.write + summary.errors.timeout))
end
