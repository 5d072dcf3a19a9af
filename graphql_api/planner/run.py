"""Run a plan: one SQL statement per list and per level of nesting (plus one for each `totalCount`), rows as tuples
of the columns asked for, the response built from them in one pass. The scope is `permissions/`'s, in the WHERE clause
exactly as `graphql_api.pagination.paginate` puts it there.

Whatever would make the ordinary path answer with an error (no principal, no read permission, a bad page size or
cursor) makes `run_plan` return None before it reads anything, so that the ordinary path answers, and audits, it.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from typing import Any

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from graphql_api.errors import ClientError
from graphql_api.pagination import decode_cursor, encode_cursor
from graphql_api.planner.plan import (
    Computed,
    Constant,
    GlobalId,
    Leaf,
    ListPlan,
    OperationPlan,
    Relation,
    Selection,
)
from graphql_api.planner.sql_json import page_sql
from permissions.authorizer import authorizer
from permissions.catalog import READ_OBJECT
from permissions.filters import scope_filter
from permissions.index import Scope
from permissions.principal import Principal


async def run_plan(plan: OperationPlan, principal: Principal | None, max_page_size: int) -> dict[str, Any] | None:
    if principal is None:
        return None
    prepared: list[tuple[ListPlan, Scope, int, int | None]] = []
    for item in plan.lists:
        if isinstance(item, Constant):
            continue
        scope = authorizer.scope(principal, "read", READ_OBJECT[item.resource])
        size = max_page_size if item.first is None else item.first
        if scope.empty or size < 0 or size > max_page_size:
            return None
        try:
            after = decode_cursor(item.after) if item.after is not None else None
        except ClientError:
            return None
        prepared.append((item, scope, size, after))
    data: dict[str, Any] = {}
    lists = iter(prepared)
    # One connection for all the statements: a pool connection per statement costs a reset round trip each.
    async with in_transaction() as connection:
        reader = _Reader(connection, principal)
        for item in plan.lists:
            if isinstance(item, Constant):
                data[item.key] = item.value
            else:
                data[item.key] = await reader.connection_(*next(lists))
    return {"data": data}


class _Reader:
    """The statements of one plan: one connection, one principal."""

    def __init__(self, connection: BaseDBAsyncClient, principal: Principal) -> None:
        self.connection = connection
        self.principal = principal

    def can(self, action: str, obj: str) -> bool:
        """As `graphql_api.context.Context.can` for the principal's own agency, which computed fields ask."""
        return authorizer.can(self.principal, action, obj, self.principal.agency_id)

    async def connection_(self, plan: ListPlan, scope: Scope, size: int, after: int | None) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        has_next = False
        if any(kind in {"edges", "pageInfo"} for _, kind, _ in plan.parts):
            query = plan.model.all().using_db(self.connection).order_by("id")
            if after is not None:
                query = query.filter(id__gt=after)
            where = scope_filter(plan.resource, scope, after=after, first=size + 1)
            if where is not None:
                query = query.filter(where)
            json_sql = self._json_sql(plan.node)
            columns = plan.node.columns() if plan.node is not None and not json_sql else ["id"]
            rows = list(await query.limit(size + 1).values(*columns)) if size else []
            has_next = len(rows) > size
            rows = rows[:size]
        nodes: list[dict[str, Any] | None] = [None] * len(rows)
        if plan.node is not None and rows:
            if json_sql:
                found = await self.connection.execute_query_dict(json_sql, [[row["id"] for row in rows]])
                nodes = orjson.loads(found[0]["nodes"])
            else:
                nodes = [*await self.objects(plan.node, rows)]
        cursors = [encode_cursor(row["id"]) for row in rows]
        result: dict[str, Any] = {}
        for key, kind, detail in plan.parts:
            if kind == "constant":
                result[key] = detail
            elif kind == "totalCount":
                where = scope_filter(plan.resource, scope)
                query = plan.model.all() if where is None else plan.model.filter(where)
                result[key] = await query.using_db(self.connection).count()
            elif kind == "pageInfo":
                info = {
                    "hasNextPage": has_next,
                    "hasPreviousPage": plan.after is not None,
                    "startCursor": cursors[0] if cursors else None,
                    "endCursor": cursors[-1] if cursors else None,
                    "__typename": "PageInfo",
                }
                result[key] = {k: info[name] for k, name in detail}
            else:  # edges
                result[key] = [
                    {k: (node if name == "node" else cursor if name == "cursor" else plan.edge_type)
                     for k, name in detail}
                    for node, cursor in zip(nodes, cursors, strict=True)
                ]  # fmt: skip
        return result

    def _json_sql(self, selection: Selection | None) -> str:
        """The one-statement form of the page's nodes, on PostgreSQL and when every field renders in SQL; else ""."""
        if selection is None or self.connection.capabilities.dialect != "postgres":
            return ""
        if selection.json_sql is None:
            selection.json_sql = page_sql(selection) or ""
        return selection.json_sql

    async def objects(self, selection: Selection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The response objects for `rows`, nested relations loaded one statement per relation and level."""
        loaded: dict[str, dict[Any, Any]] = {}
        for item in selection.items:
            if isinstance(item, Relation):
                loaded[item.key] = await self.related(item, rows)
        objects = []
        for row in rows:
            obj: dict[str, Any] = {}
            for item in selection.items:
                if isinstance(item, Leaf):
                    value = row[item.column]
                    obj[item.key] = None if value is None else item.serialize(value)
                elif isinstance(item, GlobalId):
                    obj[item.key] = base64.b64encode(f"{item.type_name}:{row['id']}".encode()).decode()
                elif isinstance(item, Constant):
                    obj[item.key] = item.value
                elif isinstance(item, Computed):
                    obj[item.key] = item.compute({c: row[c] for c in item.columns}, self.can)
                elif item.kind == "one":
                    obj[item.key] = loaded[item.key].get(row[item.column])
                else:
                    obj[item.key] = loaded[item.key].get(row["id"], [])
            objects.append(obj)
        return objects

    async def related(self, relation: Relation, rows: list[dict[str, Any]]) -> dict[Any, Any]:
        target = relation.target
        if relation.kind == "one":
            ids = sorted({row[relation.column] for row in rows if row[relation.column] is not None})
            query = target.model.filter(id__in=ids).using_db(self.connection)
            found = list(await query.values(*target.columns())) if ids else []
            return dict(zip((r["id"] for r in found), await self.objects(target, found), strict=True))
        parent_ids = [row["id"] for row in rows]
        columns = sorted({*target.columns(), relation.column})
        children = target.model.filter(**{f"{relation.column}__in": parent_ids}).using_db(self.connection)
        found = list(await children.order_by("id").values(*columns)) if parent_ids else []
        grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for raw, obj in zip(found, await self.objects(target, found), strict=True):
            grouped[raw[relation.column]].append(obj)
        return grouped
