"""The fan-out of live events to many subscribers.

It executes a subscription's selection set once per event and audience (graphql_api.events.shared_render):
subscribers with the same document, variables and principal share one execution; another principal, other
variables or a policy change get their own, so no one is sent what was rendered for someone else. Frames written
directly are Strawberry's frames, and a client that stops reading does not hold up the others."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from websockets.asyncio.client import ClientConnection, connect
from websockets.client import ClientProtocol
from websockets.frames import Frame
from websockets.http11 import Response
from websockets.typing import Subprotocol
from websockets.uri import parse_uri

from events.outbox import record_event
from events.stream import decode_cursor, encode_cursor
from graphql_api.events import shared_render
from graphql_api.events.direct_delivery import DirectSender
from models import Agency
from models.enums import Role
from permissions.authorizer import authorizer
from procedures.api_keys import create_api_key
from seeds.people import NANPAIHE
from tests.clients.live import Live, live_server, transfer_event

QUERY = "subscription($types: [String!]) { events(filter: {types: $types}) { cursor event { id type payload } } }"


@pytest.fixture
async def live() -> Any:
    async with live_server() as server:
        yield server


@pytest.fixture
def executions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Every execution of a selection set that was not taken from the shared renders."""
    seen: list[object] = []
    plain = StrawberryGraphQLCoreExecutionContext.execute_operation

    def counted(self: Any, serially: bool | None = None) -> Any:
        if getattr(self.root_value, "share_id", None) is not None:
            seen.append(self.root_value.share_id)
        return plain(self, serially)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "execute_operation", counted)
    yield seen


async def _key(name: str) -> str:
    agency = await Agency.get(name=NANPAIHE)
    return (await create_api_key(None, agency_id=agency.id, name=name, role=Role.INTEGRATOR)).secret


async def _subscriber(live: Live, key: str, variables: dict[str, Any]) -> ClientConnection:
    ws = await connect(live.ws, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    await ws.send(orjson.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {key}"}}).decode())
    assert orjson.loads(await asyncio.wait_for(ws.recv(), 15))["type"] == "connection_ack"
    subscribe = {"id": "1", "type": "subscribe", "payload": {"query": QUERY, "variables": variables}}
    await ws.send(orjson.dumps(subscribe).decode())
    return ws


async def _payloads(sockets: list[ClientConnection]) -> list[dict[str, Any]]:
    messages = [orjson.loads(await asyncio.wait_for(ws.recv(), 15)) for ws in sockets]
    assert all(m["type"] == "next" for m in messages), messages
    return [m["payload"] for m in messages]


async def test_subscribers_of_one_audience_share_one_execution_per_event(live: Live, executions: list[object]) -> None:
    key = await _key("shared")
    sockets = [await _subscriber(live, key, {"types": ["share.test"]}) for _ in range(5)]
    try:
        await asyncio.sleep(0.5)  # every subscription is past "from now"
        for n in range(3):
            await transfer_event(NANPAIHE, type_="share.test")
            payloads = await _payloads(sockets)
            assert all(p == payloads[0] for p in payloads)
            assert payloads[0]["data"]["events"]["event"]["type"] == "share.test"
            assert len(executions) == n + 1, "five subscribers of one audience: one execution per event"
    finally:
        for ws in sockets:
            await ws.close()


async def test_other_principals_variables_or_policy_get_their_own_execution(
    live: Live, executions: list[object]
) -> None:
    first, second = await _key("first"), await _key("second")
    sockets = [
        await _subscriber(live, first, {"types": ["share.test"]}),
        await _subscriber(live, second, {"types": ["share.test"]}),
        await _subscriber(live, first, {"types": ["share.test", "other.type"]}),
    ]
    try:
        await asyncio.sleep(0.5)
        await transfer_event(NANPAIHE, type_="share.test")
        await _payloads(sockets)
        assert len(executions) == 3, "two principals and two sets of variables: three audiences"
        assert len(set(executions)) == 1, "all for the same event"

        await authorizer.load()  # a policy change: what was rendered under the old policy is not reused
        await transfer_event(NANPAIHE, type_="share.test")
        await _payloads(sockets)
        assert len(executions) == 6
    finally:
        for ws in sockets:
            await ws.close()


RICH = """subscription($after: String) { events(after: $after, filter: {types: ["share.rich"]}) {
  cursor event { id type occurredAt subjectType subjectId payload chainSeq prevHash hash
                 actor { username } agency { name code } } } }"""


async def _frames(direct: bool, key: str, after: str, count: int) -> list[str]:
    """The raw `next` frames for the stored events after `after`, as one server or the other sends them."""
    async with live_server(direct=direct) as live:
        ws = await connect(live.ws, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
        try:
            init = {"type": "connection_init", "payload": {"authorization": f"Bearer {key}"}}
            await ws.send(orjson.dumps(init).decode())
            await asyncio.wait_for(ws.recv(), 15)
            variables = {"after": after}
            subscribe = {"id": "op-\u00e9", "type": "subscribe", "payload": {"query": RICH, "variables": variables}}
            await ws.send(orjson.dumps(subscribe).decode())
            return [str(await asyncio.wait_for(ws.recv(), 15)) for _ in range(count)]
        finally:
            await ws.close()


async def test_direct_frames_are_the_frames_strawberry_sends(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same stored events replayed from one cursor, once written directly and once through Strawberry's
    handler: byte for byte the same frames, nested loaders and all."""
    sent: list[str] = []
    plain = DirectSender.send_next

    async def counted(self: DirectSender, payload: str, *, wait: bool = True) -> bool:
        sent.append(payload)
        return await plain(self, payload, wait=wait)

    monkeypatch.setattr(DirectSender, "send_next", counted)
    key = await _key("frames")
    async with live_server() as live:
        after = encode_cursor(await live.hub.now())
    for _ in range(3):
        await transfer_event(NANPAIHE, type_="share.rich")
    direct = await _frames(True, key, after, 3)
    assert len(sent) == 3, "the direct run wrote every frame itself"
    strawberry_way = await _frames(False, key, after, 3)
    assert len(sent) == 3, "the other run sent none directly"
    assert direct == strawberry_way
    first = orjson.loads(direct[0])
    assert first["id"] == "op-\u00e9" and first["type"] == "next"
    assert first["payload"]["data"]["events"]["event"]["agency"]["name"] == NANPAIHE


async def _client_that_stops_reading(live: Live, key: str, query: str) -> asyncio.StreamWriter:
    """A websocket client that subscribes and then reads nothing more: its transport stops reading, and its small
    receive buffer keeps the kernel from absorbing what the server sends."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", int(live.ws.split(":")[2].split("/")[0])))
    reader, writer = await asyncio.open_connection(sock=sock)
    protocol = ClientProtocol(parse_uri(live.ws), subprotocols=[Subprotocol("graphql-transport-ws")])

    async def until(wanted: type) -> None:
        while not any(isinstance(e, wanted) for e in protocol.events_received()):
            protocol.receive_data(await asyncio.wait_for(reader.read(65536), 15))

    protocol.send_request(protocol.connect())
    writer.write(b"".join(protocol.data_to_send()))
    await until(Response)
    protocol.send_text(orjson.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {key}"}}))
    writer.write(b"".join(protocol.data_to_send()))
    await until(Frame)  # connection_ack
    protocol.send_text(orjson.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
    writer.write(b"".join(protocol.data_to_send()))
    await writer.drain()
    writer.transport.pause_reading()  # type: ignore[attr-defined]
    return writer


async def test_a_client_that_stops_reading_does_not_hold_up_the_others(live: Live) -> None:
    """The slow client subscribes first, so the hub's loop meets it first; it reads nothing while 8 MB of events
    fill its socket. The other still gets every event at once."""
    key = await _key("slow")
    agency = await Agency.get(name=NANPAIHE)
    big = 'subscription { events(filter: {types: ["share.big"]}) { cursor event { id payload } } }'
    slow = await _client_that_stops_reading(live, key, big)
    await asyncio.sleep(0.5)
    fast = await _subscriber(live, key, {"types": ["share.big"]})
    try:
        await asyncio.sleep(0.5)
        blob = "x" * 100_000
        for n in range(80):
            await record_event(type="share.big", subject_type="bench", subject_id=n, audience=[agency.id],
                               payload={"blob": blob})  # fmt: skip
        got = [orjson.loads(await asyncio.wait_for(fast.recv(), 10)) for _ in range(80)]
        assert [m["type"] for m in got] == ["next"] * 80
        cursors = [decode_cursor(m["payload"]["data"]["events"]["cursor"]) for m in got]
        assert cursors == sorted(cursors) and len(set(cursors)) == 80
    finally:
        slow.transport.abort()
        await fast.close()


def test_unhashable_variables_are_not_shared() -> None:
    with pytest.raises(shared_render._Unhashable):
        shared_render._frozen({"a": [object.__new__(_Unhashable)]})
    assert shared_render._frozen({"b": [1, {"c": "d"}], "a": None}) == (("a", None), ("b", (1, (("c", "d"),))))


class _Unhashable:
    __hash__ = None  # type: ignore[assignment]
