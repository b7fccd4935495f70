-- wrk script of the newsroom benchmark (bench/newsroom.sh): rotates through a list of
-- back-office paths with a logged-in session.
--
--   wrk -t2 -c8 -d15s --latency -s bench/newsroom.lua http://127.0.0.1:18495 \
--       -- bench/out/newsroom/paths.txt 'cong_r=…; cong_phien=…'
--
-- Arguments after "--": the file of paths (one per line, already URL-encoded) and the Cookie
-- header of the session. Requests are formatted once in init(); each thread starts at a
-- different point of the list so the threads do not move in lockstep.

local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
end

local requests = {}
local n = 0
local i = 0

function init(args)
   local file = args[1] or error("no path file given")
   local cookie = args[2] or error("no session cookie given")
   local headers = {
      ["Cookie"] = cookie,
      ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
   }
   local f = io.open(file, "r") or error("cannot open " .. file)
   for line in f:lines() do
      if line ~= "" then
         n = n + 1
         requests[n] = wrk.format("GET", line, headers)
      end
   end
   f:close()
   if n == 0 then
      error("no paths in " .. file)
   end
   i = ((id or 0) * 5) % n
end

function request()
   i = i + 1
   if i > n then
      i = 1
   end
   return requests[i]
end
