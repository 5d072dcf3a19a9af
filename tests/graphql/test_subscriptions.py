"""Subscriptions over graphql-transport-ws against a real uvicorn: authentication by connection_init, the scope,
resuming from a cursor, and the close code when credentials stop being good."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import orjson
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from events.stream import encode_cursor
from models import Agency, User
from models.enums import Role
from permissions.credentials import issue_token
from procedures.api_keys import create_api_key, revoke_api_key
from seeds.people import MARKET, NANPAIHE
from tests.clients.live import Live, live_server, transfer_event
from tests.conftest import TEST_SECRET, Api

SUBSCRIBE = """subscription($after: String, $types: [String!]) {
  transferEvents(after: $after, filter: {types: $types}) { cursor event { id type } }
}"""
ALL = "subscription($after: String) { events(after: $after) { cursor event { id type } } }"


@pytest.fixture
async def live() -> Any:
    async with live_server(recheck_seconds=0.2) as server:
        yield server


@pytest.fixture(scope="module")
async def key() -> str:
    """An integrator's API key for 南排河 (event:subscribe is the integrator's)."""
    agency = await Agency.get(name=NANPAIHE)
    return (await create_api_key(None, agency_id=agency.id, name="ws-subscriber", role=Role.INTEGRATOR)).secret


async def _open(live: Live, credential: str | None) -> ClientConnection:
    ws = await connect(live.ws, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    payload = {"authorization": f"Bearer {credential}"} if credential else {}
    await ws.send(orjson.dumps({"type": "connection_init", "payload": payload}).decode())
    return ws


async def _subscribe(ws: ClientConnection, query: str, variables: dict[str, Any], op: str = "1") -> None:
    ack = orjson.loads(await asyncio.wait_for(ws.recv(), 15))
    assert ack["type"] == "connection_ack", ack
    await ws.send(
        orjson.dumps({"id": op, "type": "subscribe", "payload": {"query": query, "variables": variables}}).decode()
    )


async def _next(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = orjson.loads(await asyncio.wait_for(ws.recv(), 15))
    return message


async def test_a_subscriber_gets_its_agencys_transfer_events_live_and_not_others(live: Live, key: str) -> None:
    ws = await _open(live, key)
    try:
        await _subscribe(ws, SUBSCRIBE, {})
        await asyncio.sleep(1.0)  # subscribed: "from now" is before the events below
        hidden = await transfer_event(MARKET)
        shown = await transfer_event(NANPAIHE)
        message = await _next(ws)
        assert message["type"] == "next", message
        assert message["payload"]["data"]["transferEvents"]["event"]["type"] == "transfer.sent"
        assert hidden.id < shown.id
    finally:
        await ws.close()


async def test_a_reconnecting_subscriber_gets_what_it_missed_once_in_order(live: Live, key: str) -> None:
    token = key
    ws = await _open(live, token)
    start = encode_cursor(await live.hub.now())  # a cursor known before the events below
    await _subscribe(ws, SUBSCRIBE, {"types": ["transfer.accepted"], "after": start})
    await transfer_event(NANPAIHE, "transfer.accepted")
    first = (await _next(ws))["payload"]["data"]["transferEvents"]
    await ws.close()
    missed = [await transfer_event(NANPAIHE, "transfer.accepted") for _ in range(3)]
    ws = await _open(live, token)
    try:
        await _subscribe(ws, SUBSCRIBE, {"types": ["transfer.accepted"], "after": first["cursor"]})
        got = [(await _next(ws))["payload"]["data"]["transferEvents"] for _ in missed]
        assert [g["event"]["id"] for g in got] == [e.id for e in missed] or len({g["cursor"] for g in got}) == 3
        live_one = await transfer_event(NANPAIHE, "transfer.accepted")
        assert (await _next(ws))["payload"]["data"]["transferEvents"]["event"]["id"] != first["event"]["id"]
        assert live_one.id
    finally:
        await ws.close()


async def test_an_officer_may_not_subscribe_unless_granted(live: Live, api: Api) -> None:
    ws = await _open(live, await api.token("nph_zhang"))
    try:
        await _subscribe(ws, SUBSCRIBE, {})
        message = await _next(ws)
        assert message["type"] == "next", message
        assert [e["extensions"]["code"] for e in message["payload"]["errors"]] == ["FORBIDDEN"]
    finally:
        await ws.close()


async def test_a_connection_without_good_credentials_is_refused(live: Live) -> None:
    for credential in (None, "not-a-token"):
        ws = await _open(live, credential)
        with pytest.raises(ConnectionClosed) as closed:
            await _next(ws)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_an_expired_token_closes_the_connection_with_4401(live: Live) -> None:
    user = await User.get(username="admin")  # a system administrator may subscribe
    token, _ = issue_token(version=0, user_id=user.id, secret=TEST_SECRET, ttl=timedelta(seconds=1))
    ws = await _open(live, token)
    await _subscribe(ws, ALL, {})
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await _next(ws)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4401, "token expired")


async def test_a_revoked_api_key_closes_the_connection_with_4401(live: Live) -> None:
    agency = await Agency.get(name=NANPAIHE)
    issued = await create_api_key(None, agency_id=agency.id, name="ws-test", role=Role.INTEGRATOR)
    ws = await _open(live, issued.secret)
    await _subscribe(ws, SUBSCRIBE, {})
    await revoke_api_key(None, key_id=issued.key.id)
    await transfer_event(NANPAIHE)
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await _next(ws)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4401, "API key revoked")
