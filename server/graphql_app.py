"""Strawberry's ASGI app with our context (principal, loaders, limits) and orjson responses."""

from __future__ import annotations

import contextlib
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.types.unset import UNSET, UnsetType

from graphql_api.context import ApiConfig, Context
from graphql_api.events.direct_delivery import DirectDeliveryHandler
from graphql_api.persisted import PersistedQueries, PersistedQueryError
from graphql_api.planner import PlannedReads
from procedures.attachments import MAX_BYTES
from server.auth import authenticate

# The largest file the procedures accept, and room for the rest of a multipart request.
MAX_REQUEST_BYTES = MAX_BYTES + 1024 * 1024
_ACK: UnsetType = UNSET  # connection_ack without a payload


class CaseLinkGraphQL(GraphQL[Context, None]):
    # Subscription events of plain data are written to the socket directly (see graphql_api.events.direct_delivery).
    graphql_transport_ws_handler_class = DirectDeliveryHandler

    def __init__(self, schema: Any, *, config: ApiConfig, planner: PlannedReads | None = None) -> None:
        # Multipart requests carry uploads. They are safe from cross-site forgery here: the API authenticates by a
        # header, never by a cookie a browser would send along.
        super().__init__(schema, multipart_uploads_enabled=True)
        self.config = config
        self.planner = planner
        self.persisted = PersistedQueries()

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return await self._context(request)

    async def _context(self, request: Request | WebSocket) -> Context:
        authorization = request.headers.get("authorization")
        # Once per request: an operation the planned path leaves gets a second, fresh context from Strawberry.
        known = getattr(request.state, "caselink_authentication", None)
        principal, error = known or await authenticate(authorization, secret=self.config.secret_key)
        request.state.caselink_authentication = (principal, error)
        credential = authorization.partition(" ")[2].strip() if principal is not None and authorization else None
        return Context(
            config=self.config, principal=principal, auth_error=error, request=request, credential=credential
        )

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """As Strawberry's, and then close the uploaded files of a multipart request (their spooled temporary files),
        which Strawberry reads from Starlette's form but leaves open."""
        if isinstance(request, Request) and int(request.headers.get("content-length") or 0) > MAX_REQUEST_BYTES:
            return JSONResponse({"error": "the request is too large (files: 10 MB at most)"}, status_code=413)
        body = await _json_body(request)
        if body is not None:
            try:
                query = self.persisted.resolve(body.get("query"), body.get("extensions"))
            except PersistedQueryError as exc:
                return JSONResponse(exc.response())
            if self.planner is not None:
                # The planned path's own context: the ordinary path, if it answers instead, starts afresh.
                own = await self._context(request)
                planned = await self._planned(own, {**body, "query": query, "extensions": None})
                if planned is not None:
                    return planned
        try:
            return await super().run(request, context, root_value)
        finally:
            if isinstance(request, Request):
                await request.close()

    async def parse_http_body(self, request: Any) -> Any:
        """As Strawberry's, with the document of an automatic persisted query filled in."""
        data = await super().parse_http_body(request)
        if isinstance(data, GraphQLRequestData) and data.query is None:
            with contextlib.suppress(PersistedQueryError):  # Strawberry then says that no query was found
                data.query = self.persisted.resolve(None, data.extensions)
        return data

    async def _planned(self, context: Context, body: dict[str, Any]) -> Response | None:
        """The planned read path's answer, when it has one (see `graphql_api.planner`)."""
        assert self.planner is not None
        result = await self.planner.answer(body, context.principal, context)
        if result is None:
            return None
        return Response(orjson.dumps(result), media_type="application/json", headers={"X-CaseLink-Planned": "1"})

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


async def _json_body(request: Any) -> dict[str, Any] | None:
    """The body of a POSTed JSON operation (Starlette keeps it for Strawberry to read again); None for anything else."""
    if not isinstance(request, Request) or request.method != "POST":
        return None
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        return None
    return body if isinstance(body, dict) else None
