"""The Starlette application: GraphQL at /graphql, liveness at /healthz, readiness at /readyz."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from tortoise import connections
from tortoise.contrib.starlette import RegisterTortoise

from admin import mount_admin
from graphql_api.context import ApiConfig
from graphql_api.planner import PlannedReads
from graphql_api.schema import build_schema
from server.attachments import attachment_routes
from server.database import ensure_sqlite_directory, tortoise_config
from server.documents import document_routes
from server.graphql_app import CaseLinkGraphQL
from server.secure_cookies import SecureCookies
from server.settings import Settings, get_settings
from server.wiring import running_services

logger = logging.getLogger("caselink")


async def healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(_: Request) -> JSONResponse:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as exc:  # any failure of the database means "not ready", and the reason helps the operator
        logger.warning("readiness check failed: %s", exc)
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "reachable"})


def _tune_garbage_collector() -> None:
    """Freeze what start-up allocated and collect less often: a GraphQL response makes many short-lived objects,
    and the default thresholds spent a third of each request's CPU in the collector under load (bench/README.md)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """Build the app. Tests that manage the database themselves pass `manage_database=False`."""
    settings = settings or get_settings()
    config = ApiConfig(
        secret_key=settings.resolved_secret_key(),
        token_ttl=timedelta(minutes=settings.token_ttl_minutes),
        max_page_size=settings.max_page_size,
    )
    schema = build_schema(
        debug=settings.debug, max_depth=settings.max_query_depth, max_tokens=settings.max_query_tokens
    )
    planner = (
        PlannedReads(schema._schema, max_page_size=settings.max_page_size, max_depth=settings.max_query_depth,
                     max_tokens=settings.max_query_tokens)
        if settings.planned_reads
        else None
    )  # fmt: skip
    graphql = CaseLinkGraphQL(schema, config=config, planner=planner)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        _tune_garbage_collector()
        if not manage_database:
            yield
            return
        ensure_sqlite_directory(settings.database_url)
        async with (
            RegisterTortoise(app, config=tortoise_config(settings.database_url)),
            running_services(
                settings.redis_url,
                sweep_seconds=settings.sweep_seconds,
                stream_seconds=settings.stream_seconds,
                redis_prefix=settings.redis_prefix,
                webhook_seconds=settings.webhook_seconds,
            ),
        ):
            yield
        await app.state.admin.engine.dispose()

    app = Starlette(
        debug=settings.debug,
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *document_routes(config.secret_key),
            *attachment_routes(config.secret_key),
        ],
        lifespan=lifespan,
        middleware=[Middleware(SecureCookies)],
    )
    app.state.admin = mount_admin(
        app, database_url=settings.database_url, secret_key=config.secret_key, language=settings.admin_language
    )
    return app
