"""Relay cursor pagination in SQL: keyset on the primary key, the principal's scope in the WHERE clause."""

from __future__ import annotations

import base64
import binascii
from typing import Any, Generic

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType
from tortoise.queryset import QuerySet

from graphql_api.context import Info
from graphql_api.errors import BadUserInput
from permissions.filters import scope_filter
from permissions.index import Scope

_CURSOR_PREFIX = "cursor:"


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{pk}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        raw = ""
    value = raw.removeprefix(_CURSOR_PREFIX)
    if not raw.startswith(_CURSOR_PREFIX) or not value.isdigit():
        raise BadUserInput(f"malformed cursor {cursor!r}: pass a cursor this API returned", field="after")
    return int(value)


@strawberry.type(name="Connection", description="A page of results, with the total count across all pages.")
class Connection(relay.Connection[NodeType], Generic[NodeType]):
    total_query: strawberry.Private[QuerySet[Any]]

    @strawberry.field(description="How many results there are in all, across pages.")
    async def total_count(self) -> int:
        return await self.total_query.count()


def check_page_size(first: int | None, info: Info) -> int:
    limit = info.context.config.max_page_size
    if first is None:
        return limit
    if first < 0 or first > limit:
        raise BadUserInput(f"first must be between 0 and {limit}, got {first}", field="first")
    return first


LIST = "caselink.list"  # field metadata of a paginated list: (resource, rows), for the planned read path


def page_query(
    query: QuerySet[Any], *, resource: str, scope: Scope, after_id: int | None, size: int, narrowed: bool
) -> QuerySet[Any]:
    """The rows of one page of `query` in ID order (one more than `size`, to tell whether a next page exists), under
    the scope. `narrowed` says the caller filtered the query: the scope then takes the exact form, since the faster
    page form (permissions.filters) is exact only for an otherwise unfiltered list."""
    page = query.order_by("id")
    if after_id is not None:
        page = page.filter(id__gt=after_id)
    where = scope_filter(resource, scope) if narrowed else scope_filter(resource, scope, after=after_id, first=size + 1)
    if where is not None:
        page = page.filter(where)
    return page.limit(size + 1)


def total_query(query: QuerySet[Any], *, resource: str, scope: Scope) -> QuerySet[Any]:
    """All the rows of `query` under the scope, for `totalCount`."""
    where = scope_filter(resource, scope)
    return (query if where is None else query.filter(where)).order_by()


async def paginate(
    info: Info,
    query: QuerySet[Any],
    *,
    resource: str,
    first: int | None,
    after: str | None,
    narrowed: bool = False,
) -> Connection[Any]:
    """A page of `query` in ID order under the principal's scope (see `page_query`)."""
    size = check_page_size(first, info)
    scope = await info.context.read_scope(resource)
    after_id = decode_cursor(after) if after is not None else None
    page = page_query(query, resource=resource, scope=scope, after_id=after_id, size=size, narrowed=narrowed)
    rows = await page if size else []
    has_next = len(rows) > size
    rows = rows[:size]
    edges = [relay.Edge(node=row, cursor=encode_cursor(row.pk)) for row in rows]
    return Connection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=has_next,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_query=total_query(query, resource=resource, scope=scope),
    )
