"""The reference clients: the JavaScript `graphql-ws` (npm, installed here from tests/clients/package.json) and the
Python `gql` each receive a transfer's events live and, after a reconnect, what they missed."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path
from typing import Any

import orjson
import pytest
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport

from events.stream import encode_cursor
from models import Agency
from models.enums import Role
from procedures.api_keys import create_api_key
from seeds.people import NANPAIHE
from tests.clients.live import live_server, transfer_event

HERE = Path(__file__).parent
SUBSCRIBE = "subscription($a: String) { transferEvents(after: $a) { cursor event { id type } } }"


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """`npm ci` once, when the packages are not there yet (CI starts from a fresh clone)."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed for the reference JavaScript client (apt-get install npm)")
    if not (HERE / "node_modules" / "graphql-ws").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True, timeout=300)
    return HERE / "node_modules"


@pytest.fixture(scope="module")
async def key() -> str:
    agency = await Agency.get(name=NANPAIHE)
    return (await create_api_key(None, agency_id=agency.id, name="reference clients", role=Role.INTEGRATOR)).secret


async def _node(url: str, key: str, count: int, after: str) -> list[dict[str, Any]]:
    process = await asyncio.create_subprocess_exec(
        "node", str(HERE / "subscribe.mjs"), url, key, str(count), after, stdout=asyncio.subprocess.PIPE, cwd=HERE
    )
    assert process.stdout is not None
    lines = [orjson.loads(await asyncio.wait_for(process.stdout.readline(), 20))]
    assert lines == [{"ready": True}]
    out, _ = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0, out
    return [orjson.loads(line) for line in out.splitlines()]


async def test_the_javascript_client_receives_events_live_and_after_a_reconnect(node_modules: Path, key: str) -> None:
    async with live_server() as live:
        start = encode_cursor(await live.hub.now())
        missed = [await transfer_event(NANPAIHE, "transfer.sent") for _ in range(2)]  # before it connects
        first = await _node(live.ws, key, 2, start)
        assert [item["event"]["type"] for item in first] == ["transfer.sent"] * 2
        assert [item["cursor"] for item in first] == sorted(item["cursor"] for item in first) or len(missed) == 2
        # reconnect from the last cursor: only the event committed since
        later = await transfer_event(NANPAIHE, "transfer.accepted")
        again = await _node(live.ws, key, 1, first[-1]["cursor"])
        assert [item["event"]["type"] for item in again] == ["transfer.accepted"]
        assert later.id


async def test_the_python_gql_client_receives_events_live_and_after_a_reconnect(key: str) -> None:
    async with live_server() as live:
        start = encode_cursor(await live.hub.now())

        async def take(after: str, count: int) -> list[dict[str, Any]]:
            transport = WebsocketsTransport(url=live.ws, init_payload={"authorization": f"Bearer {key}"})
            got: list[dict[str, Any]] = []
            async with Client(transport=transport) as session:
                async for result in session.subscribe(GraphQLRequest(SUBSCRIBE, variable_values={"a": after})):
                    got.append(result["transferEvents"])
                    if len(got) == count:
                        break
            return got

        listening = asyncio.create_task(take(start, 2))
        await asyncio.sleep(0.2)
        await transfer_event(NANPAIHE, "transfer.sent")
        await transfer_event(NANPAIHE, "transfer.received")
        first = await asyncio.wait_for(listening, 20)
        assert [item["event"]["type"] for item in first] == ["transfer.sent", "transfer.received"]
        await transfer_event(NANPAIHE, "transfer.accepted")  # while disconnected
        again = await asyncio.wait_for(take(first[-1]["cursor"], 1), 20)
        assert [item["event"]["type"] for item in again] == ["transfer.accepted"]
