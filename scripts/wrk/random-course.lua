-- wrk script: GET /api/v1/courses/<code> from uwscrape, a random code per request.
-- The codes come from the file named by the environment variable
-- UWSCRAPE_BENCH_CODES (one compact code such as CS246 per line).

local codes = {}

function init(args)
  local path = os.getenv("UWSCRAPE_BENCH_CODES")
  for line in io.lines(path) do
    if #line > 0 then
      codes[#codes + 1] = line
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local code = codes[math.random(#codes)]
  return wrk.format("GET", "/api/v1/courses/" .. code)
end
