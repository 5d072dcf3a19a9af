"""Drive the load with wrk (Debian's `wrk`, C and epoll) instead of Python's httpx.

On this 2-core machine the client shares the cores with the server and PostgreSQL. httpx costs about 2.7 ms of CPU
per request, more than the planned path's server (under 2 ms), so it measured the client as much as the server; wrk
costs 0.1 ms. It is the load generator of FIELD-NOTES' side-by-side (PostGraphile, Strawberry, raw asyncpg).

wrk sends the same POST on every connection; a Lua script sets the method, body and headers, counts responses that
are not 200 or that carry GraphQL `errors`, and prints one JSON line of its results from `done()`.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

_SCRIPT = """
wrk.method = "POST"
wrk.body = [{level}[{body}]{level}]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "{authorization}"

local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failed = 0
  first = ""
end

-- None of the bench's queries selects a field named `errors`: the key is GraphQL's own.
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors":', 1, true) then
    failed = failed + 1
    if first == "" then first = (status .. " " .. string.sub(body, 1, 300)):gsub('[%c"\\\\]', " ") end
  end
end

function done(summary, latency, requests)
  local failed, first = 0, ""
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failed")
    if first == "" then first = thread:get("first") end
  end
  local e = summary.errors
  io.write(string.format(
    '\\nWRK-RESULT {{"requests":%d,"duration_us":%d,"failed":%d,"socket_errors":%d,' ..
    '"mean_us":%.1f,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"first":"%s"}}\\n',
    summary.requests, summary.duration, failed, e.connect + e.read + e.write + e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, first))
end
"""


@dataclass(frozen=True, slots=True)
class WrkResult:
    requests: int
    seconds: float
    failed: int  # responses that were not 200 or that carried GraphQL errors
    socket_errors: int  # connect, read, write and timeout errors
    mean_ms: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    first_failure: str | None
    client_cpu_s: float


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("--client wrk needs wrk on the PATH (Debian: apt-get install wrk)")
    return path


def run_wrk(url: str, body: bytes, token: str, connections: int, seconds: float, timeout: float) -> WrkResult:
    """One wrk run of `seconds` with `connections` connections on one thread (the client gets one core at most)."""
    text = body.decode()
    level = "=="
    while f"]{level}]" in text:  # a Lua long string ends at the first `]==]` (of its own level) in it
        level += "="
    script = _SCRIPT.format(body=text, level=level, authorization=f"Bearer {token}")
    with tempfile.NamedTemporaryFile("w", prefix="caselink-bench-", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        command = [wrk_path(), "--threads", "1", "--connections", str(connections)]
        command += ["--duration", f"{max(1, round(seconds))}s", "--timeout", f"{max(1, round(timeout))}s"]
        completed = subprocess.run(
            [*command, "--script", lua.name, url], capture_output=True, encoding="utf-8", errors="replace", check=False
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((row for row in completed.stdout.splitlines() if row.startswith("WRK-RESULT ")), None)
    if completed.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
    data = json.loads(line.removeprefix("WRK-RESULT "))
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        failed=data["failed"],
        socket_errors=data["socket_errors"],
        mean_ms=data["mean_us"] / 1000,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        first_failure=data["first"] or None,
        client_cpu_s=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
    )
