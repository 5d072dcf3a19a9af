"""A webhook receiver on loopback for the tests: records every request and answers what the test decides."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.clients.live import free_port


@dataclass
class Received:
    event_id: int
    headers: dict[str, str]
    body: bytes
    status: int = 0


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)

    def ok_ids(self) -> list[int]:
        return [r.event_id for r in self.requests if 200 <= r.status < 300]


Answer = Callable[[Received, Receiver], Awaitable[int]]


@contextlib.asynccontextmanager
async def receiver(answer: Answer) -> AsyncIterator[Receiver]:
    port = free_port()
    box = Receiver(url=f"http://127.0.0.1:{port}/hook")

    async def hook(request: Request) -> Response:
        got = Received(int(request.headers["x-caselink-event-id"]), dict(request.headers), await request.body())
        box.requests.append(got)
        got.status = await answer(got, box)
        return PlainTextResponse(f"answered {got.status}", status_code=got.status)

    app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                            timeout_graceful_shutdown=1)  # fmt: skip
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(500):
            if server.started:
                break
            await asyncio.sleep(0.01)
        yield box
    finally:
        server.should_exit = True
        await task
