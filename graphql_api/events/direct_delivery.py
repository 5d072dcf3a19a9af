"""Event frames written straight to the socket, past Strawberry's per-result pipeline.

Strawberry sends each subscription result through graphql-core's response mapping, its schema extensions' stream
hooks, the protocol handler and a JSON encoding: about 60 µs of one core per subscriber per event, so one event to
10,000 sockets took most of a second before any byte was written (bench/README.md). For an event whose result is
plain data, none of that changes the frame: it is `{"id": <operation>, "type": "next", "payload": {"data": …}}`,
with the payload rendered once per audience (`shared_render.payload_for`). The stream therefore writes that frame
itself, through this handler; any result with errors is still yielded to Strawberry, which masks and sends it as
always. tests/graphql/test_shared_renders.py checks that both ways send the same frames.
"""

from __future__ import annotations

from contextvars import ContextVar

import orjson
from starlette.websockets import WebSocketDisconnect
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler, Operation

from graphql_api.context import Context


class DirectSender:
    """Writes `next` frames of one operation to its socket."""

    def __init__(self, handler: DirectDeliveryHandler, operation: Operation[Context, None]) -> None:
        self.handler = handler
        self.operation = operation
        self._head = '{"id":' + orjson.dumps(operation.id).decode() + ',"type":"next","payload":'

    async def send_next(self, payload: str, *, wait: bool = True) -> bool:
        """Send a frame; `payload` is the result's JSON, as Strawberry's `send_next` would encode it.

        `wait=False` is for the hub's fan-out, which must never wait for one slow client. uvicorn's send suspends
        only while the socket's write buffer is over its high-water mark, at its first line, before it writes; so
        the send is run one step: if that step finishes, the frame was written; if it suspends, it is closed there,
        having written nothing. (A zero timeout does the same at a sixth of the fan-out's CPU.) False: not sent;
        the subscriber's own task sends it, and waits."""
        if self.operation.completed:
            return True  # the client ended the operation: nothing more is sent, and nothing is pending either
        send = self.handler.websocket.ws.send_text(self._head + payload + "}")  # type: ignore[attr-defined]
        try:
            if wait:
                await send
                return True
            try:
                send.send(None)
            except StopIteration:
                return True
            send.close()
            return False
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


_sender: ContextVar[DirectSender | None] = ContextVar("caselink_direct_sender", default=None)


def current_sender() -> DirectSender | None:
    """The sender of the operation this task runs, when its transport takes direct frames."""
    return _sender.get()


class DirectDeliveryHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Strawberry's graphql-transport-ws handler; each operation's task knows its sender (a context variable, which
    the task's subscription resolver reads)."""

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        if hasattr(self.websocket, "ws"):  # Starlette's socket, which takes text frames
            _sender.set(DirectSender(self, operation))
        await super().run_operation(operation)
