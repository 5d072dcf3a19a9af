"""Events reach every instance: two servers on PostgreSQL and Redis, a subscriber on one, a mutation through the
other. The subscriber's server polls only every 30 s, so the event can reach it in time only through the broker.
Runs in the PostgreSQL pass of the suite (CI sets it up)."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from websockets.asyncio.client import connect

from tests.server.test_live_policy import REDIS_URL, _gql, _login
from tests.servers import running

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
    envs = [{**common, "CASELINK_STREAM_SECONDS": seconds} for seconds in ("30", "0.05")]  # the first: Redis only
    with running(envs, tmp_path) as bases:
        yield int(bases[0].rsplit(":", 1)[1]), int(bases[1].rsplit(":", 1)[1])


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
