-- wrk script: the Datasette query that returns one course row by code, a
-- random code per request, from the file named by UWSCRAPE_BENCH_CODES.

local codes = {}

function init(args)
  for line in io.lines(os.getenv("UWSCRAPE_BENCH_CODES")) do
    if #line > 0 then
      -- "CS246" becomes "CS+246", the canonical code URL-encoded.
      local subject, number = line:match("^(%a+)(%d.*)$")
      codes[#codes + 1] = subject .. "+" .. number
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  return wrk.format("GET", "/course-universe/courses.json?_shape=array&code=" .. codes[math.random(#codes)])
end
