-- wrk script of the search benchmark (bench/search.sh): rotates through a mix of queries.
--
--   wrk -t2 -c32 -d20s --latency -s bench/search.lua http://127.0.0.1:18490 \
--       -- bench/search-queries.txt '/tim-kiem?q={q}'
--
-- Arguments after "--": the query file (default bench/search-queries.txt, relative to the
-- current directory; one query per line, '#' comments and blank lines ignored) and the path
-- template, where {q} is replaced by the URL-encoded query (default /tim-kiem?q={q}).
-- Every request is formatted once in init(); request() only hands the next one out. Each wrk
-- thread starts at a different point of the list, so the threads do not move in lockstep.

local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
end

-- Percent-encodes everything but the unreserved characters (RFC 3986), byte by byte, so
-- UTF-8 text becomes %XX sequences and a space becomes %20.
local function urlencode(s)
   return (s:gsub("[^A-Za-z0-9%-%._~]", function(c)
      return string.format("%%%02X", string.byte(c))
   end))
end

local function trim(s)
   return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

local requests = {}
local n = 0
local i = 0

function init(args)
   local file = args[1] or "bench/search-queries.txt"
   local template = args[2] or "/tim-kiem?q={q}"
   local at = template:find("{q}", 1, true)
   if not at then
      error("path template '" .. template .. "' has no {q}")
   end
   local f = io.open(file, "r")
   if not f then
      error("cannot open query file " .. file)
   end
   for line in f:lines() do
      line = trim(line)
      if line ~= "" and line:sub(1, 1) ~= "#" then
         local path = template:sub(1, at - 1) .. urlencode(line) .. template:sub(at + 3)
         n = n + 1
         requests[n] = wrk.format("GET", path)
      end
   end
   f:close()
   if n == 0 then
      error("no queries in " .. file)
   end
   -- Spread the threads' starting points over the list.
   i = ((id or 0) * 7) % n
end

function request()
   i = i + 1
   if i > n then
      i = 1
   end
   return requests[i]
end
