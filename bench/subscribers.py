"""Subscribers on one machine: N websocket subscribers on one `caselink serve`, one event a second fanned out.

Reports commit-to-client latency (p50 / p99: from the writer's commit to each subscriber's receipt, on the machine's
monotonic clock, which all processes share), and the server's CPU and memory (its whole process tree, uvicorn's
workers included). Not part of the test suite:

    python -m bench.subscribers --subscribers 1000 10000 --events 20
    python -m bench.subscribers --subscribers 10000 --workers 2 --clients 2 \\
        --database-url postgres://postgres@127.0.0.1:5432/caselink_subs --redis-url redis://127.0.0.1:6379/0

A fresh SQLite database is migrated and seeded in a temporary folder; with --database-url a PostgreSQL database
of that name is dropped and created again. The writer commits from this process through the ORM; the subscribers
run in `--clients` processes of their own (one asyncio loop each), so that a client process does not limit what
is measured on a machine where the server has more than one worker.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import multiprocessing
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
from tortoise import Tortoise
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.typing import Subprotocol
from websockets.uri import parse_uri

from bench.read import process_tree_cpu

CASELINK = str(Path(sys.executable).parent / "caselink")
QUERY = 'subscription { events(filter: {types: ["bench.tick"]}) { cursor event { id } } }'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree_rss_mib(root: int) -> float:
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            status = (entry / "status").read_text()
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if int(entry.name) == root or int(fields.get("PPid", "0").strip()) == root:
                total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


# --- the subscribers: one process per --clients ------------------------------------------------------------------
#
# Each subscriber is an asyncio Protocol driving websockets' sans-I/O client (the full handshake, frame parsing and
# masking, ping replies): a frame is timed and parsed in `data_received`, when the bytes arrive, with no task or
# async iterator per message. The asyncio client of websockets costs about three times as much CPU per message,
# which on two shared cores showed up as latency of the bench, not of the server.


class _Subscriber(asyncio.Protocol):
    def __init__(self, url: str, key: str, received: dict[int, list[float]], ready: asyncio.Future[None]) -> None:
        self.url, self.key, self.received, self.ready = url, key, received, ready
        self.ws = ClientProtocol(parse_uri(url), subprotocols=[Subprotocol("graphql-transport-ws")])
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.ws.send_request(self.ws.connect())
        self._flush()

    def data_received(self, data: bytes) -> None:
        at = time.monotonic()
        self.ws.receive_data(data)
        for event in self.ws.events_received():
            if isinstance(event, Response):
                init = {"type": "connection_init", "payload": {"authorization": f"Bearer {self.key}"}}
                self.ws.send_text(orjson.dumps(init))
            elif isinstance(event, Frame) and event.opcode is Opcode.TEXT:
                self._message(orjson.loads(event.data), at)
        self._flush()

    def _message(self, message: dict[str, Any], at: float) -> None:
        if message["type"] == "next":
            node_id = base64.b64decode(message["payload"]["data"]["events"]["event"]["id"]).decode()
            self.received.setdefault(int(node_id.removeprefix("Event:")), []).append(at)
        elif message["type"] == "connection_ack":
            self.ws.send_text(orjson.dumps({"id": "1", "type": "subscribe", "payload": {"query": QUERY}}))
            if not self.ready.done():
                self.ready.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.ready.done():
            self.ready.set_exception(exc or ConnectionError("closed before connection_ack"))

    def _flush(self) -> None:
        if self.transport is not None:
            for chunk in self.ws.data_to_send():
                self.transport.write(chunk)


async def _subscriber(url: str, key: str, received: dict[int, list[float]]) -> asyncio.Transport:
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    port = int(url.split(":")[2].split("/")[0])
    transport, _ = await loop.create_connection(lambda: _Subscriber(url, key, received, ready), "127.0.0.1", port)
    await asyncio.wait_for(ready, 60)
    return transport


async def _clients(url: str, key: str, count: int, pipe: Connection) -> None:
    received: dict[int, list[float]] = {}
    sockets: list[asyncio.Transport] = []
    for i in range(0, count, 250):
        sockets += await asyncio.gather(*[_subscriber(url, key, received) for _ in range(min(250, count - i))])
    pipe.send("connected")
    await asyncio.to_thread(pipe.recv)  # "done": the writer has waited for the last fan-out
    pipe.send(received)
    for transport in sockets:
        transport.abort()


def _client_process(url: str, key: str, count: int, pipe: Connection) -> None:
    asyncio.run(_clients(url, key, count, pipe))


# --- the server and its database ---------------------------------------------------------------------------------


async def _fresh_postgres(url: str) -> None:
    base, _, name = url.rpartition("/")
    admin = await asyncpg.connect(f"{base}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def _migrate_and_seed(env: dict[str, str]) -> None:
    for command in (["migrate"], ["seed"]):
        subprocess.run([CASELINK, *command], env=env, check=True, capture_output=True, timeout=600)


def _serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [CASELINK, "serve", "--port", str(port), "--no-access-log", "--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


async def _prepare(env: dict[str, str], url: str) -> str:
    if url.startswith("postgres"):
        await _fresh_postgres(url)
    await asyncio.to_thread(_migrate_and_seed, env)
    from models import Agency
    from models.enums import Role
    from procedures.api_keys import create_api_key
    from server.database import tortoise_config

    await Tortoise.init(config=tortoise_config(url))
    try:
        agency = await Agency.all().order_by("id").first()
        assert agency is not None
        issued = await create_api_key(None, agency_id=agency.id, name="bench", role=Role.INTEGRATOR)
        return issued.secret
    finally:
        await Tortoise.close_connections()


# --- one run -----------------------------------------------------------------------------------------------------


async def run(url: str, counts: list[int], events: int, workers: int, clients: int, redis_url: str | None) -> None:
    env = {**os.environ, "CASELINK_DATABASE_URL": url, "CASELINK_SECRET_KEY": "bench-secret-key-long-enough-for-hs256",
           "CASELINK_SWEEP_SECONDS": "0"}  # fmt: skip
    if redis_url:
        env["CASELINK_REDIS_URL"] = redis_url
    key = await _prepare(env, url)
    from events.outbox import record_event
    from models import Agency
    from server.database import tortoise_config

    context = multiprocessing.get_context("spawn")
    for count in counts:
        port = _free_port()
        server = await asyncio.to_thread(_serve, env, port, workers)
        pipes: list[Connection] = []
        processes = []
        try:
            started = time.monotonic()
            for n in range(clients):
                mine, theirs = context.Pipe()
                share = count // clients + (1 if n < count % clients else 0)
                process = context.Process(target=_client_process, args=(f"ws://127.0.0.1:{port}/graphql", key, share,
                                                                        theirs), daemon=True)  # fmt: skip
                process.start()
                pipes.append(mine)
                processes.append(process)
            for pipe in pipes:
                assert await asyncio.to_thread(pipe.recv) == "connected"
            connect_seconds = time.monotonic() - started
            await asyncio.sleep(2)  # every subscription is past its start
            rss_idle = _tree_rss_mib(server.pid)
            await Tortoise.init(config=tortoise_config(url))
            agency = await Agency.all().order_by("id").first()
            assert agency is not None
            committed: dict[int, float] = {}
            cpu0, wall0 = process_tree_cpu(server.pid), time.monotonic()
            for n in range(events):
                event = await record_event(type="bench.tick", subject_type="bench", subject_id=n, audience=[agency.id])
                committed[event.id] = time.monotonic()
                await asyncio.sleep(1.0)
            await asyncio.sleep(3)  # the last fan-out
            cpu = (process_tree_cpu(server.pid) - cpu0) / (time.monotonic() - wall0)
            rss_after = _tree_rss_mib(server.pid)
            await Tortoise.close_connections()
            received: dict[int, list[float]] = {}
            for pipe in pipes:
                pipe.send("done")
                for event_id, times in (await asyncio.to_thread(pipe.recv)).items():
                    received.setdefault(event_id, []).extend(times)
            latencies = sorted(at - committed[e] for e, times in received.items() if e in committed for at in times)
            result = {
                "subscribers": count,
                "workers": workers,
                "clients": clients,
                "connect_s": round(connect_seconds, 1),
                "delivered": f"{len(latencies)}/{count * events}",
                "p50_ms": round(1000 * statistics.median(latencies)) if latencies else None,
                "p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))]) if latencies else None,
                "max_ms": round(1000 * latencies[-1]) if latencies else None,
                "server_cpu": f"{100 * cpu:.0f} %",
                "server_rss_mib": f"{rss_idle:.0f} idle, {rss_after:.0f} after",
            }
            print(result, flush=True)
        finally:
            for process in processes:
                process.join(10)
                if process.is_alive():
                    process.kill()
            server.terminate()
            await asyncio.to_thread(server.wait, 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers of the server")
    parser.add_argument("--clients", type=int, default=1, help="processes the subscribers are spread over")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database to drop and create")
    parser.add_argument("--redis-url", default=None, help="the broker between the server's workers")
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the server inherits it too
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite://{tmp}/bench.sqlite3"
        asyncio.run(run(url, args.subscribers, args.events, args.workers, args.clients, args.redis_url))


if __name__ == "__main__":
    main()
