"""Drive a read query against a running (or spawned) CaseLink server and report throughput.

    python -m bench.read [--url http://127.0.0.1:8000/graphql] [--duration 20] [--concurrency 8]
                         [--user bench_supervisor] [--first 100] [--shape nested|transfer|transfers|statistics]
                         [--spawn --database-url URL --workers 1] [--count-statements]

The shapes of issue 8: `nested` (the case list with agency, matter, parties and transfers), `transfer` (one transfer
with its timeline and documents, by `node(id:)`; `transfers` is a page of them) and `statistics` (R-G2 for `--first`
agencies).

It signs in through the `login` mutation, then keeps `--concurrency` requests in flight for `--duration` seconds
(after a short warm-up that is not counted) and prints requests/s, p50/p95/p99 latency, the error count and what a
response holds, as a table and as one JSON line (the last line of the output).

`--spawn` starts `caselink serve` on a free port with CASELINK_DATABASE_URL and a fixed CASELINK_SECRET_KEY, waits
for /healthz, runs, and stops the server; it also reports the server's CPU time per request.

`--count-statements` (needs `--database-url`) first runs the same query a few times in this process, against the
app over ASGI, and counts the SQL statements asyncpg sends per request, and the pool's reset queries beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.generate import BENCH_PASSWORD, DEFAULT_DATABASE_URL, SUPERVISOR_USERNAME
from bench.wrk_load import run_wrk

DEFAULT_URL = "http://127.0.0.1:8000/graphql"
BENCH_SECRET_KEY = "caselink-bench-secret-key-not-for-production-0123456789"
REPO = Path(__file__).resolve().parents[1]

CASES_QUERY = """
query BenchCases($first: Int) {
  cases(first: $first) {
    edges {
      node {
        number
        status
        agency { name code }
        matter { name }
        parties { name }
        transfers { status sender { name } receiver { name } }
      }
    }
  }
}
"""

# A front end's transfer page: the transfer, its parties' agencies, officers, inventory, materials, receipt, letter
# URLs and timeline. `--shape transfer` asks it by `node(id:)`; `--shape transfers` asks a page of them, to show
# that the statements per request do not grow with the page.
TRANSFER_FIELDS = """
fragment TransferPage on Transfer {
  id status documentNumber reason urgent decidedAt sentAt receivedAt acceptedAt documentUrl
  case { number title status }
  sender { name code }
  receiver { name code }
  officers { isLead officer { displayName } }
  items { seq name quantity storagePlace }
  materials { seq name quantity isEvidence isOriginal }
  receipt { documentNumber receivedAt method documentUrl receivedBy { displayName } }
  timeline { type occurredAt actor { displayName } agency { name } }
}
"""

TRANSFER_QUERY = (
    """
query BenchTransfer($id: ID!) {
  node(id: $id) { ...TransferPage }
}
"""
    + TRANSFER_FIELDS
)

TRANSFERS_QUERY = (
    """
query BenchTransfers($first: Int) {
  transfers(first: $first) { edges { node { ...TransferPage } } }
}
"""
    + TRANSFER_FIELDS
)

# An agency's statistics (R-G2), for `--first` agencies (IDs 1 to N) over the data set's two years.
STATISTICS_QUERY = """
query BenchStatistics($from: DateTime!, $to: DateTime!, $agencies: [ID!]) {
  statistics(from: $from, to: $to, agencies: $agencies) {
    agency { name code }
    transfersSent transfersReceived transfersDisputed avgDaysToReceipt avgDaysToAcceptance
    assistanceAsked assistanceAnswered cluesRegistered cluesPassedOn deadlinesMissed deadlinesWarned
  }
}
"""
SHAPES = ("nested", "transfer", "transfers", "statistics")
CLIENTS = ("httpx", "wrk")
STATISTICS_PERIOD = ("2025-01-01T00:00:00+00:00", "2026-12-01T00:00:00+00:00")


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def request_of(shape: str, first: int, transfer: int) -> dict[str, Any]:
    """The GraphQL request body of a shape."""
    if shape == "transfer":
        return {"query": TRANSFER_QUERY, "variables": {"id": global_id("Transfer", transfer)}}
    if shape == "transfers":
        return {"query": TRANSFERS_QUERY, "variables": {"first": first}}
    if shape == "statistics":
        start, end = STATISTICS_PERIOD
        agencies = [global_id("Agency", pk) for pk in range(1, first + 1)]
        return {"query": STATISTICS_QUERY, "variables": {"from": start, "to": end, "agencies": agencies}}
    return {"query": CASES_QUERY, "variables": {"first": first}}


def rows_of(shape: str, data: dict[str, Any]) -> int:
    """How many objects the response's top level holds: cases, transfers, agencies' statistics (1 for a node)."""
    if shape == "transfer":
        return 1 if data.get("node") else 0
    if shape == "statistics":
        return len(data["statistics"])
    return len(data["transfers" if shape == "transfers" else "cases"]["edges"])


LOGIN_MUTATION = """
mutation BenchLogin($username: String!, $password: String!) {
  login(username: $username, password: $password) { token errors { code message } }
}
"""


@dataclass(frozen=True, slots=True)
class Options:
    url: str = DEFAULT_URL
    duration: float = 20.0
    warmup: float = 3.0
    concurrency: int = 8
    user: str = SUPERVISOR_USERNAME
    password: str = BENCH_PASSWORD
    first: int = 100
    spawn: bool = False
    database_url: str | None = None
    workers: int = 1
    count_statements: bool = False
    timeout: float = 60.0
    shape: str = "nested"
    client: str = "wrk"
    transfer: int = 7  # a transfer of the data set with a receipt, four events, three items and two materials


@dataclass(frozen=True, slots=True)
class Facts:
    """What one response holds, without looking at SQL."""

    rows: int
    parties: int
    transfers: int
    agency_refs: int  # agency objects in the response: the case's, and each transfer's sender and receiver
    distinct_agencies: int
    matters: int
    bytes: int


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    errors: int = 0
    first_error: str | None = None
    rows_min: int | None = None
    rows_max: int | None = None
    facts: Facts | None = None

    def error(self, message: str) -> None:
        self.errors += 1
        if self.first_error is None:
            self.first_error = message[:500]


@dataclass(frozen=True, slots=True)
class StatementCount:
    requests: int
    statements_per_request: float
    pool_resets_per_request: float
    statements: list[str]  # one request's statements, shortened


@dataclass
class Report:
    url: str
    shape: str
    user: str
    first: int
    concurrency: int
    workers: int | None
    client: str
    duration_s: float
    requests: int
    errors: int
    rps: float
    mean_ms: float | None
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    rows_per_response: int | None
    parties_per_response: int | None
    transfers_per_response: int | None
    agency_refs_per_response: int | None
    distinct_agencies_per_response: int | None
    bytes_per_response: int | None
    rows_min: int | None
    rows_max: int | None
    server_cpu_ms_per_request: float | None = None
    client_cpu_ms_per_request: float | None = None
    statements_per_request: float | None = None
    pool_resets_per_request: float | None = None
    first_error: str | None = None
    measured_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


# --- responses ---------------------------------------------------------------------------------------------------


def facts_of(payload: dict[str, Any], size: int) -> Facts:
    edges = payload["data"]["cases"]["edges"]
    parties = transfers = agency_refs = matters = 0
    names: set[str] = set()
    for edge in edges:
        node = edge["node"]
        agency_refs += 1
        names.add(node["agency"]["name"])
        matters += node["matter"] is not None
        parties += len(node["parties"])
        transfers += len(node["transfers"])
        for transfer in node["transfers"]:
            agency_refs += 2
            names.update((transfer["sender"]["name"], transfer["receiver"]["name"]))
    return Facts(
        rows=len(edges),
        parties=parties,
        transfers=transfers,
        agency_refs=agency_refs,
        distinct_agencies=len(names),
        matters=matters,
        bytes=size,
    )


def percentile(ordered: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile of sorted values."""
    if not ordered:
        return None
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


# --- the load ----------------------------------------------------------------------------------------------------


async def login(client: httpx.AsyncClient, url: str, username: str, password: str) -> str:
    try:
        response = await client.post(
            url, json={"query": LOGIN_MUTATION, "variables": {"username": username, "password": password}}
        )
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise SystemExit(f"login at {url} failed: {type(exc).__name__}: {exc}") from exc
    body = response.json()
    if body.get("errors"):
        raise SystemExit(f"login failed: {body['errors']}")
    payload = body["data"]["login"]
    if not payload["token"]:
        raise SystemExit(f"login as {username!r} refused: {payload['errors']}")
    return str(payload["token"])


async def _worker(
    client: httpx.AsyncClient,
    url: str,
    body: bytes,
    headers: dict[str, str],
    deadline: float,
    sample: Sample,
    shape: str,
    *,
    once: bool = False,
) -> None:
    while once or time.perf_counter() < deadline:
        once = False
        started = time.perf_counter()
        try:
            response = await client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            sample.error(f"{type(exc).__name__}: {exc}")
            continue
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            sample.error(f"HTTP {response.status_code}: {response.text[:200]}")
            continue
        try:
            payload = orjson.loads(response.content)
        except orjson.JSONDecodeError as exc:
            sample.error(f"invalid JSON: {exc}")
            continue
        if payload.get("errors") or not payload.get("data"):
            sample.error(f"GraphQL errors: {payload.get('errors')}")
            continue
        rows = rows_of(shape, payload["data"])
        sample.rows_min = rows if sample.rows_min is None else min(sample.rows_min, rows)
        sample.rows_max = rows if sample.rows_max is None else max(sample.rows_max, rows)
        if sample.facts is None:
            sample.facts = (
                facts_of(payload, len(response.content))
                if shape == "nested"
                else Facts(rows=rows, parties=0, transfers=0, agency_refs=0, distinct_agencies=0, matters=0,
                           bytes=len(response.content))
            )  # fmt: skip
        sample.latencies.append(elapsed)


async def _probe(client: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str], shape: str) -> Sample:
    """One request before a wrk run: its facts, and a clear failure if the query does not answer."""
    sample = Sample()
    await _worker(client, url, body, headers, time.perf_counter() + 1e-9, sample, shape, once=True)
    if sample.errors or sample.facts is None:
        raise SystemExit(f"the query failed before the load: {sample.first_error}")
    return sample


async def run_load(options: Options, url: str, server_pid: int | None) -> Report:
    limits = httpx.Limits(max_connections=options.concurrency, max_keepalive_connections=options.concurrency)
    timeout = httpx.Timeout(options.timeout)
    async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:
        token = await login(client, url, options.user, options.password)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        body = orjson.dumps(request_of(options.shape, options.first, options.transfer))
        if options.client == "wrk":
            probe = await _probe(client, url, body, headers, options.shape)
            return await asyncio.to_thread(_wrk_load, options, url, body, token, server_pid, probe)

        async def phase(seconds: float) -> tuple[Sample, float]:
            sample = Sample()
            started = time.perf_counter()
            deadline = started + seconds
            await asyncio.gather(
                *(
                    _worker(client, url, body, headers, deadline, sample, options.shape)
                    for _ in range(options.concurrency)
                )
            )
            return sample, time.perf_counter() - started

        if options.warmup > 0:
            await phase(options.warmup)
        server_cpu_before = await asyncio.to_thread(process_tree_cpu, server_pid) if server_pid else None
        client_cpu_before = time.process_time()
        sample, elapsed = await phase(options.duration)
        client_cpu = time.process_time() - client_cpu_before
        server_cpu_after = await asyncio.to_thread(process_tree_cpu, server_pid) if server_pid else None

    ordered = sorted(sample.latencies)
    done = len(ordered)
    return _report(
        options,
        url,
        requests=done,
        errors=sample.errors,
        elapsed=elapsed,
        latency_ms=(
            _ms(sum(ordered) / done) if done else None,
            _ms(percentile(ordered, 50)),
            _ms(percentile(ordered, 95)),
            _ms(percentile(ordered, 99)),
            _ms(ordered[-1]) if done else None,
        ),
        sample=sample,
        server_cpu_s=None
        if server_cpu_before is None or server_cpu_after is None
        else server_cpu_after - server_cpu_before,
        client_cpu_s=client_cpu,
    )


def _wrk_load(options: Options, url: str, body: bytes, token: str, server_pid: int | None, probe: Sample) -> Report:
    if options.warmup > 0:
        run_wrk(url, body, token, options.concurrency, options.warmup, options.timeout)
    server_cpu_before = process_tree_cpu(server_pid) if server_pid else None
    result = run_wrk(url, body, token, options.concurrency, options.duration, options.timeout)
    server_cpu_after = process_tree_cpu(server_pid) if server_pid else None
    probe.errors = result.failed + result.socket_errors
    probe.first_error = result.first_failure
    return _report(
        options,
        url,
        requests=result.requests - result.failed,
        errors=result.failed + result.socket_errors,
        elapsed=result.seconds,
        latency_ms=tuple(
            round(value, 1) for value in (result.mean_ms, result.p50_ms, result.p95_ms, result.p99_ms, result.max_ms)
        ),
        sample=probe,
        server_cpu_s=None
        if server_cpu_before is None or server_cpu_after is None
        else server_cpu_after - server_cpu_before,
        client_cpu_s=result.client_cpu_s,
    )


def _report(
    options: Options,
    url: str,
    *,
    requests: int,
    errors: int,
    elapsed: float,
    latency_ms: tuple[float | None, ...],
    sample: Sample,
    server_cpu_s: float | None,
    client_cpu_s: float,
) -> Report:
    mean, p50, p95, p99, slowest = latency_ms
    facts = sample.facts
    return Report(
        url=url,
        shape=options.shape,
        user=options.user,
        first=options.first,
        concurrency=options.concurrency,
        workers=options.workers if options.spawn else None,
        client=options.client,
        duration_s=round(elapsed, 2),
        requests=requests,
        errors=errors,
        rps=round(requests / elapsed, 2) if elapsed else 0.0,
        mean_ms=mean,
        p50_ms=p50,
        p95_ms=p95,
        p99_ms=p99,
        max_ms=slowest,
        rows_per_response=facts.rows if facts else None,
        parties_per_response=facts.parties if facts else None,
        transfers_per_response=facts.transfers if facts else None,
        agency_refs_per_response=facts.agency_refs if facts else None,
        distinct_agencies_per_response=facts.distinct_agencies if facts else None,
        bytes_per_response=facts.bytes if facts else None,
        rows_min=sample.rows_min,
        rows_max=sample.rows_max,
        server_cpu_ms_per_request=round(server_cpu_s * 1000 / requests, 1)
        if server_cpu_s is not None and requests
        else None,
        client_cpu_ms_per_request=round(client_cpu_s * 1000 / requests, 1) if requests else None,
        first_error=sample.first_error,
    )


# --- CPU time of the spawned server ------------------------------------------------------------------------------

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
    return raw[raw.rindex(")") + 2 :].split()


def process_tree_cpu(root: int) -> float:
    """User + system CPU seconds of `root` and its descendants (uvicorn's worker processes)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                parents[int(entry.name)] = int(fields[1])
    tree = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                changed = True
    total = 0
    for pid in tree:
        fields = _stat_fields(pid)
        if fields is not None:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _CLOCK_TICKS


# --- spawning the server -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve_command(port: int, workers: int) -> list[str]:
    script = Path(sys.executable).parent / "caselink"
    if not script.exists():
        script = REPO / ".venv" / "bin" / "caselink"
    args = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--no-access-log"]
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from server.cli import app; app()", *args]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextlib.contextmanager
def spawned_server(database_url: str, workers: int, startup_timeout: float = 90.0) -> Iterator[tuple[str, int]]:
    """`caselink serve` on a free port: yields (GraphQL URL, server PID) once /healthz answers, stops it after."""
    port = free_port()
    env = dict(os.environ, CASELINK_DATABASE_URL=database_url, CASELINK_SECRET_KEY=BENCH_SECRET_KEY)
    log_file = tempfile.NamedTemporaryFile(prefix="caselink-bench-serve-", suffix=".log", delete=False)  # noqa: SIM115
    log_path = Path(log_file.name)
    command = _serve_command(port, workers)
    sys.stderr.write(f"spawning: {' '.join(command)} (log: {log_path})\n")
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + startup_timeout
        with httpx.Client(timeout=2.0) as probe:
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"the server exited with {process.returncode}:\n{_tail(log_path)}")
                try:
                    if probe.get(f"{base}/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(
                        f"the server did not answer /healthz in {startup_timeout:.0f} s:\n{_tail(log_path)}"
                    )
                time.sleep(0.2)
        sys.stderr.write(f"server up on {base} (pid {process.pid}, {workers} worker(s))\n")
        yield f"{base}/graphql", process.pid
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                # The session we started: the server and its worker processes, and nothing else.
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log_file.close()
        sys.stderr.write(f"server stopped (exit {process.returncode})\n")


# --- counting statements -----------------------------------------------------------------------------------------


def _shorten(query: str) -> str:
    text = " ".join(query.split())
    match = re.match(r"SELECT (.*?) FROM (\S+)(.*)", text)
    if match:
        columns, table, rest = match.groups()
        text = f"SELECT <{len(columns.split(','))} cols> FROM {table}{rest}"
    return text if len(text) <= 240 else text[:237] + "…"


async def count_statements(options: Options, database_url: str, repeats: int = 3) -> StatementCount:
    """Run the query in process, over ASGI, and count what asyncpg sends to PostgreSQL per request."""
    os.environ["CASELINK_DATABASE_URL"] = database_url
    os.environ["CASELINK_SECRET_KEY"] = BENCH_SECRET_KEY
    import asyncpg.connection

    from server.app import create_app
    from server.settings import Settings

    app = create_app(Settings(database_url=database_url, secret_key=BENCH_SECRET_KEY))
    connection_class: Any = asyncpg.connection.Connection
    sent: list[str] = []
    patched: dict[str, Any] = {}
    for name in ("execute", "executemany", "fetch", "fetchrow", "fetchval"):
        original = getattr(connection_class, name)
        patched[name] = original

        async def counting(self: Any, query: str, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
            sent.append(query)
            return await __original(self, query, *args, **kwargs)

        setattr(connection_class, name, counting)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                token = await login(client, "/graphql", options.user, options.password)
                headers = {"Authorization": f"Bearer {token}"}
                body = request_of(options.shape, options.first, options.transfer)
                await client.post("/graphql", json=body, headers=headers)  # warm the caches, not counted
                per_request: list[list[str]] = []
                for _ in range(repeats):
                    sent.clear()
                    response = await client.post("/graphql", json=body, headers=headers)
                    response.raise_for_status()
                    if response.json().get("errors"):
                        raise SystemExit(f"the counted request failed: {response.json()['errors']}")
                    per_request.append(list(sent))
    finally:
        for name, original in patched.items():
            setattr(connection_class, name, original)

    def is_reset(query: str) -> bool:
        return "RESET ALL" in query or "pg_advisory_unlock_all" in query

    statements = [[q for q in batch if not is_reset(q)] for batch in per_request]
    resets = [sum(is_reset(q) for q in batch) for batch in per_request]
    return StatementCount(
        requests=repeats,
        statements_per_request=sum(len(s) for s in statements) / repeats,
        pool_resets_per_request=sum(resets) / repeats,
        statements=[_shorten(q) for q in statements[-1]],
    )


# --- output ------------------------------------------------------------------------------------------------------


def print_report(report: Report, counted: StatementCount | None) -> None:
    def show(value: object, unit: str = "") -> str:
        return "—" if value is None else f"{value}{unit}"

    rows = [
        ("url", report.url),
        ("shape", report.shape),
        ("user", report.user),
        ("first", report.first),
        ("concurrency", report.concurrency),
        ("server workers", show(report.workers)),
        ("client", report.client),
        ("measured", f"{report.duration_s} s"),
        ("requests", report.requests),
        ("errors", report.errors),
        ("requests/s", report.rps),
        ("latency mean", show(report.mean_ms, " ms")),
        ("latency p50", show(report.p50_ms, " ms")),
        ("latency p95", show(report.p95_ms, " ms")),
        ("latency p99", show(report.p99_ms, " ms")),
        ("latency max", show(report.max_ms, " ms")),
        ("rows/response", show(report.rows_per_response)),
        ("parties/response", show(report.parties_per_response)),
        ("transfers/response", show(report.transfers_per_response)),
        ("agency objects/response", show(report.agency_refs_per_response)),
        ("distinct agencies/resp.", show(report.distinct_agencies_per_response)),
        ("bytes/response", show(report.bytes_per_response)),
        ("server CPU/request", show(report.server_cpu_ms_per_request, " ms")),
        ("client CPU/request", show(report.client_cpu_ms_per_request, " ms")),
        ("SQL statements/request", show(report.statements_per_request)),
        ("pool resets/request", show(report.pool_resets_per_request)),
    ]
    width = max(len(label) for label, _ in rows)
    print("-" * (width + 30))
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    if report.first_error:
        print(f"{'first error':<{width}}  {report.first_error}")
    if counted is not None:
        print(f"statements of one request ({counted.statements_per_request:g} per request, averaged):")
        for statement in counted.statements:
            print(f"  {statement}")
    print("-" * (width + 30))
    print(json.dumps({"bench": "read", **asdict(report)}, ensure_ascii=False))


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.read", description="Load-test a read query.")
    defaults = Options()
    parser.add_argument("--url", default=defaults.url, help="GraphQL endpoint (ignored with --spawn)")
    parser.add_argument("--duration", type=float, default=defaults.duration, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=defaults.warmup, help="unmeasured seconds first")
    parser.add_argument("--concurrency", type=int, default=defaults.concurrency)
    parser.add_argument("--user", default=defaults.user)
    parser.add_argument("--password", default=defaults.password)
    parser.add_argument("--first", type=int, default=defaults.first, help="page size; agencies for statistics")
    parser.add_argument("--shape", choices=SHAPES, default=defaults.shape, help="the query (see the module)")
    parser.add_argument("--transfer", type=int, default=defaults.transfer, help="the transfer of --shape transfer")
    parser.add_argument(
        "--client", choices=CLIENTS, default=defaults.client, help="the load generator: httpx in process, or wrk"
    )
    parser.add_argument("--timeout", type=float, default=defaults.timeout, help="per request, seconds")
    parser.add_argument("--spawn", action="store_true", help="start `caselink serve` for the run")
    parser.add_argument(
        "--database-url", default=None, help=f"for --spawn and --count-statements (default {DEFAULT_DATABASE_URL})"
    )
    parser.add_argument("--workers", type=int, default=defaults.workers, help="uvicorn workers with --spawn")
    parser.add_argument(
        "--count-statements", action="store_true", help="count SQL statements per request in process first"
    )
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.duration <= 0 or args.workers < 1:
        parser.error("need --concurrency >= 1, --duration > 0 and --workers >= 1")
    database_url = args.database_url
    if database_url is None and (args.spawn or args.count_statements):
        database_url = DEFAULT_DATABASE_URL
    return Options(
        url=args.url,
        duration=args.duration,
        warmup=args.warmup,
        concurrency=args.concurrency,
        user=args.user,
        password=args.password,
        first=args.first,
        spawn=args.spawn,
        database_url=database_url,
        workers=args.workers,
        count_statements=args.count_statements,
        timeout=args.timeout,
        shape=args.shape,
        transfer=args.transfer,
        client=args.client,
    )


def main(argv: Sequence[str] | None = None) -> None:
    options = parse_args(argv)
    counted: StatementCount | None = None
    if options.count_statements and options.database_url:
        counted = asyncio.run(count_statements(options, options.database_url))
    if options.spawn:
        assert options.database_url is not None
        with spawned_server(options.database_url, options.workers) as (url, pid):
            report = asyncio.run(run_load(options, url, pid))
    else:
        report = asyncio.run(run_load(options, options.url, None))
    if counted is not None:
        report.statements_per_request = counted.statements_per_request
        report.pool_resets_per_request = counted.pool_resets_per_request
    print_report(report, counted)
    if report.requests == 0:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
