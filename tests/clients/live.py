"""A real uvicorn serving the GraphQL endpoint in the test's own event loop (so it shares the session's database),
with an event hub that seals every 20 ms. For the websocket tests and the client tests."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route, WebSocketRoute
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler

from events.outbox import record_event
from events.stream import EventHub, set_hub
from graphql_api.context import ApiConfig
from graphql_api.schema import build_schema
from models import Agency, Event
from procedures import audit
from server.graphql_app import CaseLinkGraphQL
from tests.conftest import TEST_SECRET


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    http: str
    ws: str
    hub: EventHub


@contextlib.asynccontextmanager
async def live_server(*, recheck_seconds: float = 15.0, direct: bool = True) -> AsyncIterator[Live]:
    """`direct=False`: every subscription result goes through Strawberry's own handler (no direct frames)."""
    config = ApiConfig(secret_key=TEST_SECRET, token_ttl=timedelta(hours=1), credential_recheck_seconds=recheck_seconds)
    graphql = CaseLinkGraphQL(build_schema(), config=config)
    if not direct:
        graphql.graphql_transport_ws_handler_class = BaseGraphQLTransportWSHandler  # type: ignore[assignment]
    app = Starlette(routes=[Route("/graphql", graphql, methods=["GET", "POST"]), WebSocketRoute("/graphql", graphql)])
    await audit.seal()  # what earlier tests wrote, so that the first tick is quick
    hub = EventHub(relay=audit.seal, poll_seconds=0.02)
    set_hub(hub)
    await hub.start()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                                          timeout_graceful_shutdown=2))  # fmt: skip
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(500):  # uvicorn has no start-up event to await
            if server.started:
                break
            await asyncio.sleep(0.01)
        yield Live(f"http://127.0.0.1:{port}/graphql", f"ws://127.0.0.1:{port}/graphql", hub)
    finally:
        server.should_exit = True
        await task
        await hub.stop()
        set_hub(None)


async def transfer_event(agency_name: str, type_: str = "transfer.sent", case_id: int | None = None) -> Event:
    """An event of a transfer whose audience is the agency (as `procedures.transfer` writes them)."""
    agency = await Agency.get(name=agency_name)
    return await record_event(type=type_, subject_type="transfer", subject_id=1, audience=[agency.id],
                              agency_id=agency.id, case_id=case_id, payload={"test": True})  # fmt: skip
