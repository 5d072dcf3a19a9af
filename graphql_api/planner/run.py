"""Run a plan. On PostgreSQL a page (or `node(id:)`) and its nodes' JSON are one statement (`sql_json`); elsewhere,
and for what does not render in SQL, one statement per list and per level of nesting (plus one for each
`totalCount`), rows as dicts of the columns asked for, the response built from them in one pass. The scope is
`permissions/`'s, in the WHERE clause exactly as `graphql_api.pagination.paginate` puts it there.

Whatever would make the ordinary path answer with an error (no principal, no read permission, a bad page size, cursor
or filter ID, a node out of scope, a non-null relation without its row) makes `run_plan` return None, before it
reads anything where it can, so that the ordinary path answers, and audits, it.
"""

from __future__ import annotations

import base64
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from graphql import GraphQLSchema
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from graphql_api.errors import ClientError
from graphql_api.pagination import decode_cursor, encode_cursor, page_query, total_query
from graphql_api.planner import subtrees
from graphql_api.planner.plan import (
    Computed,
    Constant,
    Fallback,
    GlobalId,
    Leaf,
    ListPlan,
    NodePlan,
    OperationPlan,
    Relation,
    Selection,
    StatisticsPlan,
)
from graphql_api.planner.sql_json import IDS, fill_scopes, finish, has_computed, page_sql, with_page
from graphql_api.supervision.queries import agency_statistics
from permissions.authorizer import authorizer
from permissions.filters import relation_filter, scope_filter
from permissions.index import Scope
from permissions.principal import Principal
from procedures.access import visible_scope


@dataclass(frozen=True, slots=True)
class Ordinary:
    """What the ordinary execution of the plan's `Fallback` fields needs: the schema, Strawberry's executor and the
    request's context."""

    schema: GraphQLSchema
    executor: type[Any]
    context: Any


async def run_plan(
    plan: OperationPlan, principal: Principal | None, max_page_size: int, ordinary: Ordinary | None = None
) -> dict[str, Any] | None:
    if principal is None:
        return None
    prepared: dict[int, Any] = {}  # per root field: what its answer needs, checked before anything is read
    for index, item in enumerate(plan.lists):
        if isinstance(item, Constant):
            continue
        resource = "statistics" if isinstance(item, StatisticsPlan) else item.resource
        scope = visible_scope(principal, resource)
        if scope.empty:
            return None
        if isinstance(item, ListPlan):
            size = max_page_size if item.first is None else item.first
            if size < 0 or size > max_page_size:
                return None
            try:
                after = decode_cursor(item.after) if item.after is not None else None
                rows = item.rows_of(item.filter)  # an ID of the wrong type in it: BAD_USER_INPUT
            except ClientError:
                return None
            prepared[index] = (item, rows, scope, size, after)
        elif isinstance(item, StatisticsPlan):
            try:  # through the resolver's own function, before the transaction: it reads on its own connection
                prepared[index] = await agency_statistics(scope, item.start, item.end, item.agencies)
            except ClientError:
                return None
        else:
            prepared[index] = scope
    client = connections.get("default")
    try:
        # No transaction for one statement (BEGIN and COMMIT would be two more round trips), nor around the ordinary
        # execution of `Fallback` fields, whose resolvers run concurrently on connections of their own as in the
        # ordinary path (on SQLite's one connection, they would wait for the transaction that waits for them).
        if _one_statement(plan, client) or _has_fallback(plan):
            return await _Reader(client, principal, ordinary).read(plan, prepared)
        # One connection for all the statements: a pool connection per statement costs a reset round trip each.
        async with in_transaction() as connection:
            return await _Reader(connection, principal, ordinary).read(plan, prepared)
    except _Unplanned:
        return None


def _has_fallback(plan: OperationPlan) -> bool:
    def below(selection: Selection | None) -> bool:
        return selection is not None and any(
            isinstance(item, Fallback) or (isinstance(item, Relation) and below(item.target))
            for item in selection.items
        )

    return any(below(item.node) for item in plan.lists if not isinstance(item, Constant))


def _one_statement(plan: OperationPlan, client: BaseDBAsyncClient) -> bool:
    """Whether the plan is one statement: a single list without `totalCount`, or `node(id:)`, whose nodes PostgreSQL
    builds together with the page (`sql_json.with_page`), or `statistics` with one relation at most."""
    roots = [item for item in plan.lists if not isinstance(item, Constant)]
    if len(roots) != 1:
        return False
    root = roots[0]
    if isinstance(root, StatisticsPlan):  # the figures are read before; then one statement per relation and level
        return _relations(root.node) <= 1
    if client.capabilities.dialect != "postgres":
        return False
    if isinstance(root, ListPlan) and any(kind == "totalCount" for _, kind, _ in root.parts):
        return False
    return root.node is not None and bool(_json_sql(root.node))


def _relations(selection: Selection) -> int:
    return sum(1 + _relations(item.target) for item in selection.items if isinstance(item, Relation))


def _json_sql(selection: Selection | None) -> str:
    """The one-statement form of the nodes of `selection` (`sql_json.page_sql` with the IDs to come), or "" when a
    field of it does not render in SQL. Call only on PostgreSQL."""
    if selection is None:
        return ""
    if selection.json_sql is None:
        built = page_sql(selection, IDS, texts=True)
        selection.json_sql, selection.json_scopes = built or ("", [])
        selection.computed = has_computed(selection)
    return selection.json_sql


@lru_cache(maxsize=2048)
def _scope_sql(model: type[Model], resource: str, scope: Scope) -> str:
    """The IDs of `model`'s rows in `scope`, as SQL with its values written in (agency IDs and the constants of the
    scope's branches, never a client's input), for a scoped relation's sub-select. Call only on PostgreSQL."""
    where = relation_filter(resource, scope)
    query: Any = (model.filter(where) if where is not None else model.all()).values("id")
    # Not `sql(params_inline=True)`: Tortoise 1.1 leaves the sub-queries' placeholders in, which would then bind to
    # the outer statement's parameters.
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, values = query.query.get_parameterized_sql()
    return re.sub(r"\$(\d+)", lambda m: _literal(values[int(m.group(1)) - 1]), sql)


def _literal(value: object) -> str:
    """A value of a scope's SQL as a literal: agency IDs and the branches' own constants, never a client's input."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if value is None:
        return "NULL"
    raise TypeError(f"no literal for a scope's value {value!r}")


class _Unplanned(Exception):
    """Found while reading: the ordinary path would answer with an error (statistics of an agency ID that has no
    row, whose `agency` is non-null, say)."""


class _Reader:
    """The statements of one plan: one connection, one principal."""

    def __init__(self, connection: BaseDBAsyncClient, principal: Principal, ordinary: Ordinary | None) -> None:
        self.connection = connection
        self.principal = principal
        self.ordinary = ordinary
        self._scopes: dict[str, Scope] = {}

    def scope(self, resource: str) -> Scope:
        """The principal's read scope of `resource` (empty when none), for the relations scoped by it."""
        if resource not in self._scopes:
            self._scopes[resource] = visible_scope(self.principal, resource)
        return self._scopes[resource]

    def statement(self, selection: Selection) -> str:
        """`_json_sql(selection)` with the reader's scope written into each scoped relation's sub-select."""

        def condition(alias: str, resource: str, model: type[Model]) -> str:
            scope = self.scope(resource)
            return "TRUE" if scope.everything else f"{alias}.id IN ({_scope_sql(model, resource, scope)})"

        return fill_scopes(self._json_sql(selection), selection.json_scopes, condition)

    async def read(self, plan: OperationPlan, prepared: dict[int, Any]) -> dict[str, Any] | None:
        """The response; _Unplanned when the ordinary path must answer."""
        data: dict[str, Any] = {}
        for index, item in enumerate(plan.lists):
            if isinstance(item, Constant):
                data[item.key] = item.value
            elif isinstance(item, ListPlan):
                data[item.key] = await self.connection_(*prepared[index])
            elif isinstance(item, StatisticsPlan):
                data[item.key] = await self.objects(item.node, prepared[index])
            else:
                found = await self.node(item, prepared[index])
                if found is None:
                    raise _Unplanned("NOT_FOUND: the ordinary path words it")
                data[item.key] = found
        return {"data": data}

    async def paged(self, selection: Selection, page: QuerySet[Any], size: int) -> tuple[list[int], list[Any]]:
        """On PostgreSQL, the IDs `page` selects and the nodes of the first `size`, in one statement."""
        ids_query: Any = page.using_db(self.connection).values("id")
        ids_query._make_query()  # Tortoise's SQL and parameters for the page, to nest in the statement
        sql, parameters = ids_query.query.get_parameterized_sql()
        found = await self.connection.execute_query_dict(with_page(self.statement(selection), sql, size), parameters)
        texts: list[str] = found[0]["nodes"]
        if not selection.computed:  # written into the response as PostgreSQL wrote them, never parsed here
            return found[0]["ids"], [orjson.Fragment(text) for text in texts]
        nodes = [orjson.loads(text) for text in texts]
        finish(selection, nodes, self.can)
        return found[0]["ids"], nodes

    def can(self, action: str, obj: str, agency_id: int | None = None) -> bool:
        """As `graphql_api.context.Context.can`, in the principal's own agency unless another is named: what
        computed fields ask."""
        return authorizer.can(self.principal, action, obj, self.principal.agency_id if agency_id is None else agency_id)

    async def node(self, plan: NodePlan, scope: Scope) -> dict[str, Any] | None:
        """The row of `node(id:)` when it exists and is in scope (as `graphql_api.node.load_visible` reads it)."""
        query = plan.node.model.filter(id=plan.pk)  # type: ignore[union-attr]
        where = scope_filter(plan.resource, scope)
        if where is not None:
            query = query.filter(where)
        if self._json_sql(plan.node):
            ids, nodes = await self.paged(plan.node, query, 1)
            return nodes[0] if ids else None
        rows = list(await query.using_db(self.connection).values(*plan.node.columns()))
        if not rows:
            return None
        return (await self.objects(plan.node, rows))[0]

    async def connection_(
        self, plan: ListPlan, rows_query: QuerySet[Any], scope: Scope, size: int, after: int | None
    ) -> dict[str, Any]:
        ids: list[int] = []
        nodes: list[Any] = []
        has_next = False
        if size and any(kind in {"edges", "pageInfo"} for _, kind, _ in plan.parts):
            query = page_query(rows_query, resource=plan.resource, scope=scope, after_id=after, size=size,
                               narrowed=plan.narrowed)  # fmt: skip
            if self._json_sql(plan.node):
                assert plan.node is not None
                ids, nodes = await self.paged(plan.node, query, size)
            else:
                columns = plan.node.columns() if plan.node is not None else ["id"]
                rows = list(await query.using_db(self.connection).values(*columns))
                ids = [row["id"] for row in rows]
                nodes = await self.objects(plan.node, rows[:size]) if plan.node is not None else []
            has_next = len(ids) > size
            ids = ids[:size]
        nodes = nodes or [None] * len(ids)
        result: dict[str, Any] = {}
        for key, kind, detail in plan.parts:
            if kind == "constant":
                result[key] = detail
            elif kind == "totalCount":
                total = total_query(rows_query, resource=plan.resource, scope=scope)
                result[key] = await total.using_db(self.connection).count()
            elif kind == "pageInfo":
                info = {
                    "hasNextPage": has_next,
                    "hasPreviousPage": plan.after is not None,
                    "startCursor": encode_cursor(ids[0]) if ids else None,
                    "endCursor": encode_cursor(ids[-1]) if ids else None,
                    "__typename": "PageInfo",
                }
                result[key] = {k: info[name] for k, name in detail}
            else:  # edges
                result[key] = [
                    {k: (node if name == "node" else encode_cursor(pk) if name == "cursor" else plan.edge_type)
                     for k, name in detail}
                    for node, pk in zip(nodes, ids, strict=True)
                ]  # fmt: skip
        return result

    def _json_sql(self, selection: Selection | None) -> str:
        return _json_sql(selection) if self.connection.capabilities.dialect == "postgres" else ""

    async def objects(self, selection: Selection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The response objects for `rows`, nested relations loaded one statement per relation and level."""
        loaded: dict[str, dict[Any, Any]] = {}
        for item in selection.items:
            if isinstance(item, Relation):
                loaded[item.key] = await self.related(item, rows)
        answered = await self.fallbacks([i for i in selection.items if isinstance(i, Fallback)], rows)
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
                elif isinstance(item, Fallback):
                    obj[item.key] = answered[row["id"]][item.key]
                elif item.kind in {"one", "first"}:
                    obj[item.key] = loaded[item.key].get(row[item.column if item.kind == "one" else "id"])
                    if obj[item.key] is None and not item.nullable:
                        raise _Unplanned("a non-null relation without its row: the ordinary path reports it")
                else:
                    obj[item.key] = loaded[item.key].get(row["id"], [])
            objects.append(obj)
        return objects

    async def fallbacks(self, items: list[Fallback], rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
        """The fields the ordinary execution answers, for all `rows` at once (`planner.subtrees`)."""
        if not items or not rows:
            return {}
        if self.ordinary is None:
            raise _Unplanned("no context to run the ordinary execution in")
        o = self.ordinary
        found = await subtrees.answer(o.schema, o.executor, o.context, items, [row["id"] for row in rows])
        if found is None:
            raise _Unplanned("the ordinary path answers with an error, or a row is out of node's scope")
        return found

    async def related(self, relation: Relation, rows: list[dict[str, Any]]) -> dict[Any, Any]:
        target = relation.target
        model = target.model
        assert model is not None  # relations point at tables
        where = None if relation.resource is None else relation_filter(relation.resource, self.scope(relation.resource))
        if relation.kind == "one":
            ids = sorted({row[relation.column] for row in rows if row[relation.column] is not None})
            query = model.filter(id__in=ids).using_db(self.connection)
            if where is not None:
                query = query.filter(where)
            found = list(await query.values(*target.columns())) if ids else []
            return dict(zip((r["id"] for r in found), await self.objects(target, found), strict=True))
        parent_ids = [row["id"] for row in rows]
        columns = sorted({*target.columns(), relation.column})
        children = model.filter(**{f"{relation.column}__in": parent_ids}, **relation.where).using_db(self.connection)
        if where is not None:
            children = children.filter(where)
        found = list(await children.order_by("id").values(*columns)) if parent_ids else []
        grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for raw, obj in zip(found, await self.objects(target, found), strict=True):
            grouped[raw[relation.column]].append(obj)
        if relation.kind == "first":
            return {parent: children[0] for parent, children in grouped.items()}
        return grouped
