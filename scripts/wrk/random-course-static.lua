-- wrk script: nginx's copy of GET /api/v1/courses/<code>, a random code per
-- request, from the file named by UWSCRAPE_BENCH_CODES.

local codes = {}

function init(args)
  for line in io.lines(os.getenv("UWSCRAPE_BENCH_CODES")) do
    if #line > 0 then
      codes[#codes + 1] = line
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  return wrk.format("GET", "/api/v1/courses/" .. codes[math.random(#codes)])
end
