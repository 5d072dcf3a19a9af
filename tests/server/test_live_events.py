"""Events reach every instance: two servers on PostgreSQL and Redis, a subscriber on one, a mutation through the
other. The subscriber's server polls only every 30 s, so the event can reach it in time only through the broker.
Runs in the PostgreSQL pass of the suite (CI sets it up)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from websockets.asyncio.client import connect

from tests.server.test_live_policy import CASELINK, REDIS_URL, _free_port, _gql, _login

pytestmark = pytest.mark.skipif(
    not os.environ.get("CASELINK_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="several instances share one database only on PostgreSQL",
)

SUBSCRIBE = 'subscription { events(filter: {types: ["clue.registered"]}) { cursor event { id type } } }'
REGISTER = 'mutation { registerClue(input: {channel: PHONE, content: "two instances"}) { errors { code } } }'


@pytest.fixture
def two_instances(database_url: str, tmp_path: Path) -> Iterator[tuple[int, int]]:
    prefix = f"caselink-test-{uuid.uuid4().hex[:12]}"  # Redis is shared with other test runs: our own channels
    common = {**os.environ, "CASELINK_DATABASE_URL": database_url, "CASELINK_REDIS_URL": REDIS_URL,
              "CASELINK_REDIS_PREFIX": prefix,
              "CASELINK_SECRET_KEY": "live-events-secret-key-long-enough-for-hs256"}  # fmt: skip
    servers, ports = [], []
    for stream_seconds in ("30", "0.05"):  # the first hears of new events only through Redis
        port = _free_port()
        log = (tmp_path / f"server-{port}.log").open("w")
        env = {**common, "CASELINK_STREAM_SECONDS": stream_seconds}
        servers.append((subprocess.Popen([CASELINK, "serve", "--port", str(port), "--no-access-log"], env=env,
                                         cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT), log))  # fmt: skip
        ports.append(port)
    try:
        for port in ports:
            for _ in range(150):
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            else:
                pytest.fail(f"the server on {port} did not start: see {tmp_path}")
        yield ports[0], ports[1]
    finally:
        for process, log in servers:
            process.terminate()
            process.wait(timeout=20)
            log.close()


async def test_an_event_committed_through_one_instance_reaches_a_subscriber_of_the_other(
    two_instances: tuple[int, int],
) -> None:
    listening, writing = two_instances
    async with httpx.AsyncClient(timeout=10) as client:
        officer = await _login(client, f"http://127.0.0.1:{listening}", "admin")  # may subscribe
        registrar = await _login(client, f"http://127.0.0.1:{writing}", "nph_registrar")
        async with connect(f"ws://127.0.0.1:{listening}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(orjson.dumps({"type": "connection_init", "payload": {"authorization": officer}}).decode())
            assert orjson.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(orjson.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}).decode())
            await asyncio.sleep(0.3)
            started = time.monotonic()
            registered = await _gql(client, f"http://127.0.0.1:{writing}", registrar, REGISTER)
            assert registered["data"] == {"registerClue": {"errors": []}}, registered
            message = orjson.loads(await asyncio.wait_for(ws.recv(), timeout=5))
            elapsed = time.monotonic() - started
    assert message["type"] == "next", message
    assert message["payload"]["data"]["events"]["event"]["type"] == "clue.registered"
    assert elapsed < 2.0, f"the event took {elapsed:.2f} s"
    print(f"received on the other instance {1000 * elapsed:.0f} ms after the mutation was sent")
