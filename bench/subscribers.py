"""Subscribers on one machine: N websocket subscribers on one `caselink serve`, one event a second fanned out.

Reports commit-to-client latency (p50 / p99: from the writer's commit to each subscriber's receipt, same clock),
and the server's CPU and memory. Not part of the test suite:

    python -m bench.subscribers --subscribers 1000 10000 --events 20

A fresh SQLite database is migrated and seeded in a temporary folder (pass --database-url for PostgreSQL; that
database is reset). The writer commits from this process through the ORM; the subscribers are this process too.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
from tortoise import Tortoise
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

CASELINK = str(Path(sys.executable).parent / "caselink")
QUERY = 'subscription { events(filter: {types: ["bench.tick"]}) { cursor event { id } } }'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _subscriber(url: str, key: str, received: dict[int, list[float]], ready: asyncio.Event) -> ClientConnection:
    ws = await connect(url, subprotocols=["graphql-transport-ws"], max_queue=None, ping_interval=None)  # type: ignore[list-item]
    await ws.send(orjson.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {key}"}}).decode())
    await ws.recv()
    await ws.send(orjson.dumps({"id": "1", "type": "subscribe", "payload": {"query": QUERY}}).decode())

    async def listen() -> None:
        with contextlib.suppress(ConnectionClosed):
            await _listen()

    async def _listen() -> None:
        async for raw in ws:
            at = time.monotonic()
            message = orjson.loads(raw)
            if message.get("type") == "next":
                node_id = base64.b64decode(message["payload"]["data"]["events"]["event"]["id"]).decode()
                event_id = int(node_id.removeprefix("Event:"))
                received.setdefault(event_id, []).append(at)

    _listeners.add(asyncio.create_task(listen()))
    return ws


_listeners: set[asyncio.Task[None]] = set()


def _migrate_and_seed(env: dict[str, str]) -> None:
    for command in (["migrate"], ["seed"]):
        subprocess.run([CASELINK, *command], env=env, check=True, capture_output=True, timeout=600)


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([CASELINK, "serve", "--port", str(port), "--no-access-log"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
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


async def run(url: str, counts: list[int], events: int) -> list[dict[str, Any]]:
    env = {**os.environ, "CASELINK_DATABASE_URL": url, "CASELINK_SECRET_KEY": "bench-secret-key-long-enough-for-hs256"}
    key = await _prepare(env, url)
    from events.outbox import record_event
    from models import Agency
    from server.database import tortoise_config

    results = []
    for count in counts:
        port = _free_port()
        server = await asyncio.to_thread(_serve, env, port)
        try:
            received: dict[int, list[float]] = {}
            ready = asyncio.Event()
            sockets: list[ClientConnection] = []
            started = time.monotonic()
            for i in range(0, count, 250):
                batch = [_subscriber(f"ws://127.0.0.1:{port}/graphql", key, received, ready)
                         for _ in range(min(250, count - i))]  # fmt: skip
                sockets += await asyncio.gather(*batch)
            connect_seconds = time.monotonic() - started
            await asyncio.sleep(2)  # every subscription is past its start
            rss_idle = _rss_mib(server.pid)
            await Tortoise.init(config=tortoise_config(url))
            agency = await Agency.all().order_by("id").first()
            assert agency is not None
            committed: dict[int, float] = {}
            cpu0, wall0 = _cpu_seconds(server.pid), time.monotonic()
            for n in range(events):
                event = await record_event(type="bench.tick", subject_type="bench", subject_id=n, audience=[agency.id])
                committed[event.id] = time.monotonic()
                await asyncio.sleep(1.0)
            await asyncio.sleep(3)  # the last fan-out
            cpu = (_cpu_seconds(server.pid) - cpu0) / (time.monotonic() - wall0)
            await Tortoise.close_connections()
            latencies = sorted(at - committed[e] for e, times in received.items() if e in committed for at in times)
            expected = count * events
            result = {
                "subscribers": count,
                "connect_s": round(connect_seconds, 1),
                "delivered": f"{len(latencies)}/{expected}",
                "p50_ms": round(1000 * statistics.median(latencies)) if latencies else None,
                "p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))]) if latencies else None,
                "server_cpu": f"{100 * cpu:.0f} %",
                "server_rss_mib": f"{rss_idle:.0f} idle, {_rss_mib(server.pid):.0f} after",
            }
            print(result, flush=True)
            results.append(result)
            for ws in sockets:
                ws.transport.abort()
        finally:
            server.terminate()
            await asyncio.to_thread(server.wait, 30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the server inherits it too
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite://{tmp}/bench.sqlite3"
        asyncio.run(run(url, args.subscribers, args.events))


if __name__ == "__main__":
    main()
