"""The ceiling for issue 8: the benchmark's queries from a bare Starlette route, raw asyncpg and no GraphQL at all.

It answers `bench.read`'s requests (the login, which it does not check, and each shape's query for the county-wide
supervisor, so with no scope in the SQL) with the same JSON the API returns:

- `nested` and `transfers`: the page's IDs, then the nodes built by PostgreSQL in the same statement the planner
  sends (`sql_json.page_sql`), computed fields (the letter URLs) filled in by the same one Python pass;
- `transfer`: the planner's own statement for `node(id:)` (`sql_json.with_page`, the ID by its primary key);
- `statistics`: R-G2's own statements (`procedures.supervision`), sent with asyncpg, and the agencies' names.

The distance between this and `caselink serve` is what the API layer costs.

    uvicorn bench.raw:app --port 8001    # CASELINK_DATABASE_URL: the bench database
    python -m bench.read --url http://127.0.0.1:8001/graphql --shape nested|transfer|transfers|statistics
"""

from __future__ import annotations

import base64
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
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
from bench.read import SHAPES, request_of
from graphql_api.planner.plan import ListPlan, NodePlan, Selection, compile_operation
from graphql_api.planner.sql_json import IDS, ScopeSlot, fill_scopes, finish, has_computed, page_sql, with_page
from procedures import supervision
from server.database import keep_session

_LOGIN = b'{"data":{"login":{"token":"raw","errors":[]}}}'
_state: dict[str, Any] = {}


def _allowed(_action: str, _obj: str, _agency_id: int | None = None) -> bool:
    return True  # the supervisor's permissions in its own agency, for a computed field that asks (none here does)


def _plans() -> dict[str, tuple[str, str, Selection | None, str]]:
    """Per shape's query text: (shape, root field, node selection, node statement), from the planner's compilation."""
    from graphql_api.schema import build_schema

    Tortoise.init_models(["models"], "models")  # the relations' columns, without connecting: asyncpg does that here
    schema = build_schema()._schema
    plans: dict[str, tuple[str, str, Selection | None, str]] = {}
    for shape in SHAPES:
        request = request_of(shape, 100, 1)
        if shape == "statistics":
            plans[request["query"]] = (shape, "statistics", None, "")
            continue
        plan = compile_operation(schema, parse(request["query"]), None, request["variables"])
        assert plan is not None
        root = plan.lists[0]
        assert isinstance(root, ListPlan | NodePlan) and root.node is not None
        built = page_sql(root.node)
        assert built is not None, shape
        plans[request["query"]] = (shape, root.key, root.node, _unscoped(built))
    return plans


def _unscoped(built: tuple[str, list[ScopeSlot]]) -> str:
    """A statement of the planner's for a reader who sees everything: its scoped relations read every row."""
    return fill_scopes(*built, lambda *_: "TRUE")


@asynccontextmanager
async def _lifespan(_: Starlette) -> AsyncIterator[None]:
    url = os.environ.get("CASELINK_DATABASE_URL", DEFAULT_DATABASE_URL).replace("postgres://", "postgresql://", 1)
    # The app's pool: connections handed back without asyncpg's reset round trip (see server.database).
    _state["pool"] = await asyncpg.create_pool(url, min_size=2, max_size=20, reset=keep_session)
    _state["plans"] = _plans()
    try:
        yield
    finally:
        await _state["pool"].close()


async def _node(connection: Any, selection: Selection, table: str, pk: int) -> Any:
    """One node by ID with the statement the planner sends for `node(id:)`, without the scope (the supervisor's)."""
    built = page_sql(selection, IDS, texts=True)
    assert built is not None
    sql = with_page(_unscoped(built), f'SELECT id FROM "{table}" WHERE id = $1', 1)
    row = await connection.fetchrow(sql, pk)
    nodes = [orjson.loads(text) for text in row["nodes"]]
    if has_computed(selection):
        finish(selection, nodes, _allowed)
    return nodes[0] if nodes else None


async def _nodes(connection: Any, selection: Selection, sql: str, ids: list[int]) -> list[Any]:
    nodes: list[Any] = orjson.loads(await connection.fetchval(sql, ids))
    if has_computed(selection):
        finish(selection, nodes, _allowed)
    return nodes


async def _statistics(connection: Any, variables: dict[str, Any]) -> list[dict[str, Any]]:
    ids = sorted({_pk(a) for a in variables["agencies"]})
    start, end = (datetime.fromisoformat(variables[k]) for k in ("from", "to"))
    marks = [f"${n}" for n in range(1, len(ids) + 3)]
    parts = {"ids": ", ".join(marks[: len(ids)]), "start": marks[-2], "end": marks[-1],
             "receipt": supervision._days("t.received_at", "t.sent_at", "postgres"),
             "acceptance": supervision._days("t.accepted_at", "t.sent_at", "postgres")}  # fmt: skip
    figures: dict[int, dict[str, Any]] = {pk: {} for pk in ids}
    for sql in supervision._QUERIES:
        for row in await connection.fetch(sql.format(**parts), *ids, start, end):
            found = dict(row)
            figures[int(found.pop("agency"))].update({k: v for k, v in found.items() if v is not None})
    names = {r["id"]: (r["name"], r["code"]) for r in await connection.fetch(
        'SELECT id, name, code FROM "agency" WHERE id = ANY($1::bigint[])', ids)}  # fmt: skip
    result = []
    for pk, found in figures.items():
        row = supervision._statistics(pk, found)
        name, code = names[pk]
        result.append({"agency": {"name": name, "code": code}, "transfersSent": row.transfers_sent,
                       "transfersReceived": row.transfers_received, "transfersDisputed": row.transfers_disputed,
                       "avgDaysToReceipt": row.avg_days_to_receipt, "avgDaysToAcceptance": row.avg_days_to_acceptance,
                       "assistanceAsked": row.assistance_asked, "assistanceAnswered": row.assistance_answered,
                       "cluesRegistered": row.clues_registered, "cluesPassedOn": row.clues_passed_on,
                       "deadlinesMissed": row.deadlines_missed, "deadlinesWarned": row.deadlines_warned})  # fmt: skip
    return result


def _pk(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().partition(":")[2])


async def _graphql(request: Request) -> Response:
    body = orjson.loads(await request.body())
    if "login" in body.get("query", ""):
        return Response(_LOGIN, media_type="application/json")
    shape, key, selection, sql = _state["plans"][body["query"]]
    variables = body.get("variables") or {}
    async with _state["pool"].acquire() as connection:
        if shape == "statistics":
            data: Any = await _statistics(connection, variables)
        elif shape == "transfer":
            assert selection is not None
            data = await _node(connection, selection, "transfer", _pk(variables["id"]))
        else:
            assert selection is not None
            table = "case" if shape == "nested" else "transfer"
            first = int(variables.get("first") or 100)
            ids = [r[0] for r in await connection.fetch(f'SELECT id FROM "{table}" ORDER BY id LIMIT $1', first)]
            if not has_computed(selection):  # the whole response built by PostgreSQL
                text = await connection.fetchval(_whole_page(key, sql), ids)
                return Response(text.encode(), media_type="application/json")
            data = {"edges": [{"node": n} for n in await _nodes(connection, selection, sql, ids)]}
    return Response(orjson.dumps({"data": {key: data}}), media_type="application/json")


def _whole_page(key: str, nodes_sql: str) -> str:
    return (
        f"SELECT json_build_object('data', json_build_object('{key}', json_build_object('edges', "
        "(SELECT coalesce(json_agg(json_build_object('node', n)), '[]'::json) FROM json_array_elements(p.nodes) n)"
        f")))::text FROM ({nodes_sql}) p"
    )


app = Starlette(routes=[Route("/graphql", _graphql, methods=["POST"])], lifespan=_lifespan)
