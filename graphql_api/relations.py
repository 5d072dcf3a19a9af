"""Loading a row's relations through the request's DataLoaders."""

from __future__ import annotations

from typing import TypeVar

from strawberry import relay
from tortoise.models import Model

from graphql_api.context import Info
from graphql_api.errors import BadUserInput

M = TypeVar("M", bound=Model)


async def one(info: Info, model: type[M], pk: int | None) -> M | None:
    if pk is None:
        return None
    return await info.context.loaders.by_id(model).load(pk)


async def required(info: Info, model: type[M], pk: int) -> M:
    row = await info.context.loaders.by_id(model).load(pk)
    if row is None:  # only a foreign key without its row could get here: the schema forbids it
        raise LookupError(f"{model.__name__} {pk} is missing")
    return row


async def by_ids(info: Info, model: type[M], pks: list[int]) -> list[M]:
    """Several rows in one batch; awaiting `one()` in a loop would send a statement per row."""
    rows = await info.context.loaders.by_id(model).load_many(pks)
    return [row for row in rows if row is not None]


async def many(info: Info, model: type[M], fk: str, pk: int) -> list[M]:
    return await info.context.loaders.children(model, fk).load(pk)


def decode_id(value: relay.GlobalID | None, type_name: str, *, field: str) -> int | None:
    """The database ID behind a global ID of the given type, for filters and inputs."""
    if value is None:
        return None
    if value.type_name != type_name or not value.node_id.isdigit():
        raise BadUserInput(f"{field} must be the ID of a {type_name}", field=field)
    return int(value.node_id)


def first_or_none(rows: list[M]) -> M | None:
    return rows[0] if rows else None
