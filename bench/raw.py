"""The ceiling for issue 8: the benchmark's case list from a bare Starlette route, raw asyncpg and no GraphQL at all.

It answers `bench.read`'s two requests (the login, which it does not check, and the nested case list for the
county-wide supervisor, so with no scope in the SQL) with the same JSON the API returns, built by PostgreSQL in the
same statement the planner sends. The distance between this and `caselink serve` is what the API layer costs.

    uvicorn bench.raw:app --port 8001    # CASELINK_DATABASE_URL: the bench database
    python -m bench.read --url http://127.0.0.1:8001/graphql
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
from graphql import parse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from tortoise import Tortoise

from bench.generate import DEFAULT_DATABASE_URL
from bench.read import CASES_QUERY
from graphql_api.planner.plan import ListPlan, compile_operation
from graphql_api.planner.sql_json import page_sql

_LOGIN = b'{"data":{"login":{"token":"raw","errors":[]}}}'
_state: dict[str, Any] = {}


def _nodes_sql() -> str:
    """The planner's node statement for the benchmark query, wrapped into the whole response."""
    from graphql_api.schema import build_schema

    Tortoise.init_models(["models"], "models")  # the relations' columns, without connecting: asyncpg does that here
    plan = compile_operation(build_schema()._schema, parse(CASES_QUERY), None, {"first": 100})
    assert plan is not None and isinstance(plan.lists[0], ListPlan) and plan.lists[0].node is not None
    nodes = page_sql(plan.lists[0].node)
    assert nodes is not None
    return (
        "SELECT json_build_object('data', json_build_object('cases', json_build_object('edges', "
        "(SELECT coalesce(json_agg(json_build_object('node', n)), '[]'::json) FROM json_array_elements(p.nodes) n)"
        f")))::text FROM ({nodes}) p"
    )


@asynccontextmanager
async def _lifespan(_: Starlette) -> AsyncIterator[None]:
    url = os.environ.get("CASELINK_DATABASE_URL", DEFAULT_DATABASE_URL).replace("postgres://", "postgresql://", 1)
    _state["pool"] = await asyncpg.create_pool(url, min_size=2, max_size=20)
    _state["sql"] = _nodes_sql()
    try:
        yield
    finally:
        await _state["pool"].close()


async def _graphql(request: Request) -> Response:
    body = orjson.loads(await request.body())
    if "login" in body.get("query", ""):
        return Response(_LOGIN, media_type="application/json")
    first = int((body.get("variables") or {}).get("first") or 100)
    async with _state["pool"].acquire() as connection:
        ids = [r[0] for r in await connection.fetch('SELECT id FROM "case" ORDER BY id LIMIT $1', first)]
        text = await connection.fetchval(_state["sql"], ids)
    return Response(text.encode(), media_type="application/json")


app = Starlette(routes=[Route("/graphql", _graphql, methods=["POST"])], lifespan=_lifespan)
