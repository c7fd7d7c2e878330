-- bench/submit.lua - wrk script: every request POSTs the same whole survey response (the JSON in the file
-- named by $BODY_FILE) to a shared link, so each one is a new respondent's submission, committed durably.
-- The links are the paths in $PATHS_FILE, one a line (the API's /api/s/TOKEN), taken in turn: a shared link
-- takes no more answers than its round's headcount, so a long run is spread over several rounds.
-- Prints "name: value" lines, with the replies counted by status, so that bench/submissions can check them.
local function lines(name)
	local t = {}
	for l in assert(io.open(name, "r")):lines() do
		if l ~= "" then t[#t + 1] = l end
	end
	return t
end

local threads = {}

function setup(thread)
	threads[#threads + 1] = thread
end

function init(args)
	local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
	body = f:read("*a")
	f:close()
	paths = lines(os.getenv("PATHS_FILE"))
	assert(#paths > 0, "no paths in " .. os.getenv("PATHS_FILE"))
	next_path = 0
	ok, bad, first_bad = 0, 0, ""
end

function request()
	next_path = next_path % #paths + 1
	return wrk.format("POST", paths[next_path], {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, reply)
	if status >= 200 and status < 300 then
		ok = ok + 1
	else
		bad = bad + 1
		if first_bad == "" then first_bad = status .. " " .. string.sub(reply or "", 1, 200):gsub("%s+", " ") end
	end
end

function done(summary, latency, requests)
	local ok_all, bad_all, first = 0, 0, ""
	for _, t in ipairs(threads) do
		ok_all = ok_all + t:get("ok")
		bad_all = bad_all + t:get("bad")
		if first == "" then first = t:get("first_bad") end
	end
	local e = summary.errors
	io.write(string.format("submit_p50_ms: %.2f\n", latency:percentile(50) / 1000))
	io.write(string.format("submit_p99_ms: %.2f\n", latency:percentile(99) / 1000))
	io.write(string.format("submit_requests: %d\n", summary.requests))
	io.write(string.format("submit_replies_2xx: %d\n", ok_all))
	io.write(string.format("submit_replies_not_2xx: %d\n", bad_all))
	io.write(string.format("submit_socket_errors: %d\n", e.connect + e.read + e.write + e.timeout))
	if first ~= "" then io.write("submit_first_not_2xx: " .. first .. "\n") end
end
