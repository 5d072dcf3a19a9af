"""Strawberry's ASGI app with our context (principal, loaders, limits) and orjson responses."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from graphql_api.context import ApiConfig, Context
from server.auth import authenticate


class CaseLinkGraphQL(GraphQL[Context, None]):
    def __init__(self, schema: Any, *, config: ApiConfig) -> None:
        super().__init__(schema)
        self.config = config

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        principal, error = await authenticate(request.headers.get("authorization"), secret=self.config.secret_key)
        return Context(config=self.config, principal=principal, auth_error=error, request=request)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)
