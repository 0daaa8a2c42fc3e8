-- A mixed load of reads and writes through the API, for wrk:
--   wrk -s mixed.lua URL -- TOKEN PEOPLE PREFIX
-- Of every ten requests: two create a person, one rewrites a person's
-- story, three read a person, two read the first page of people, two
-- search. Each thread numbers its own creations, so names never repeat.
local counter, people, token, prefix = 0, 1000, "", "x"
local threads = {}
local words = {"Okafor", "Nguyen", "Garcia", "Smith", "operations", "shift", "renewal", "pilot", "champion", "budget"}

function setup(thread)
	thread:set("id", #threads + 1)
	table.insert(threads, thread)
end

function init(args)
	token, people, prefix = args[1], tonumber(args[2]), args[3]
	math.randomseed(id * 7919 + os.time())
end

function request()
	counter = counter + 1
	local r = counter % 10
	local h = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
	local person = math.random(1, people)
	if r < 2 then
		local body = string.format('{"name":"Bench %s %d-%d","tags":["bench"],"company_id":1,"title":"Operations Manager"}', prefix, id, counter)
		return wrk.format("POST", "/api/v1/people", h, body)
	elseif r < 3 then
		local body = string.format('{"card":"Runs the night shift %d.","body":"Told us about the renewal, in her words, on visit %d.","source":"visit"}', counter, counter)
		return wrk.format("PUT", "/api/v1/people/" .. person .. "/story", h, body)
	elseif r < 6 then
		return wrk.format("GET", "/api/v1/people/" .. person, h)
	elseif r < 8 then
		return wrk.format("GET", "/api/v1/people?limit=20", h)
	end
	return wrk.format("GET", "/api/v1/search?q=" .. words[math.random(#words)], h)
end
