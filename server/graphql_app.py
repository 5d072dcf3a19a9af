"""Strawberry's ASGI app with our context (principal, loaders, limits) and orjson responses."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET, UnsetType

from graphql_api.context import ApiConfig, Context
from server.auth import authenticate

_ACK: UnsetType = UNSET  # connection_ack without a payload


class CaseLinkGraphQL(GraphQL[Context, None]):
    def __init__(self, schema: Any, *, config: ApiConfig) -> None:
        super().__init__(schema)
        self.config = config

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        authorization = request.headers.get("authorization")
        principal, error = await authenticate(authorization, secret=self.config.secret_key)
        credential = authorization.partition(" ")[2].strip() if principal is not None and authorization else None
        return Context(
            config=self.config, principal=principal, auth_error=error, request=request, credential=credential
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """A websocket authenticates with its `connection_init` payload: `{"authorization": "Bearer <token or key>"}`
        (a bare token or key, or `token` / `apiKey`, are taken too). Refused: closed with 4403."""
        params = context.connection_params or {}
        raw = next((params[k] for k in ("authorization", "Authorization", "token", "apiKey") if params.get(k)), None)
        if raw is None and context.principal is not None:  # authenticated by the upgrade request's header
            return _ACK
        credential = str(raw or "").strip()
        if credential and not credential.lower().startswith("bearer "):
            credential = f"Bearer {credential}"
        principal, error = await authenticate(credential or None, secret=self.config.secret_key)
        if principal is None:
            raise ConnectionRejectionError({"message": error or "authentication required"})
        context.principal, context.auth_error = principal, None
        context.credential = credential.partition(" ")[2].strip()
        return _ACK

    def encode_json(self, data: object) -> str:
        # Text, not bytes: Strawberry sends bytes over a websocket as binary frames, which graphql-transport-ws
        # clients (graphql-ws) cannot read.
        return orjson.dumps(data).decode()
