"""Loading a row's relations through the request's DataLoaders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import strawberry
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


async def many(info: Info, model: type[M], fk: str, pk: int, **where: Any) -> list[M]:
    return await info.context.loaders.children(model, fk, **where).load(pk)


def decode_id(value: relay.GlobalID | None, type_name: str, *, field: str) -> int | None:
    """The database ID behind a global ID of the given type, for filters and inputs."""
    if value is None:
        return None
    if value.type_name != type_name or not value.node_id.isdigit():
        raise BadUserInput(f"{field} must be the ID of a {type_name}", field=field)
    return int(value.node_id)


def first_or_none(rows: list[M]) -> M | None:
    return rows[0] if rows else None


PLAN = "caselink.plan"  # field metadata: how the planned read path loads the field without its resolver


def to_one(model: type[Model], column: str, *, description: str | None = None) -> Any:
    """A field holding the row that `column` of the parent row points to, loaded through the request's DataLoader.
    The field's GraphQL type is the annotation it is assigned to."""

    async def resolve(root: Any, info: Info) -> Any:
        return await one(info, model, getattr(root, column))

    # The planned read path (graphql_api.planner) reads this instead of calling the resolver.
    return strawberry.field(resolver=resolve, description=description, metadata={PLAN: ("one", model, column, {})})


def to_many(model: type[Model], fk: str, *, description: str | None = None, where: dict[str, Any] | None = None) -> Any:
    """A field holding the rows of `model` whose `fk` is the parent row's key, oldest first; `where` narrows them to
    rows whose columns hold the values given (the events of one subject type, say)."""
    where = where or {}

    async def resolve(root: Any, info: Info) -> Any:
        return await many(info, model, fk, root.pk, **where)

    return strawberry.field(resolver=resolve, description=description, metadata={PLAN: ("many", model, fk, where)})


def to_first(model: type[Model], fk: str, *, description: str | None = None) -> Any:
    """A field holding the oldest row of `model` whose `fk` is the parent row's key, or null."""

    async def resolve(root: Any, info: Info) -> Any:
        return first_or_none(await many(info, model, fk, root.pk))

    return strawberry.field(resolver=resolve, description=description, metadata={PLAN: ("first", model, fk, {})})


Permission = Callable[[str, str], bool]  # (action, object) → whether the principal may, in its own agency


def computed(
    columns: tuple[str, ...], compute: Callable[[Mapping[str, Any], Permission], Any], *, description: str | None = None
) -> Any:
    """A field computed from some columns of its row (and the principal's permissions in its own agency), by the one
    function both execution paths call: the resolver here, the planned read path from the row it selected."""

    def resolve(root: Any, info: Info) -> Any:
        principal = info.context.require_principal()
        return compute({c: getattr(root, c) for c in columns},
                       lambda action, obj: info.context.can(action, obj, [principal.agency_id]))  # fmt: skip

    return strawberry.field(resolver=resolve, description=description, metadata={PLAN: ("computed", columns, compute)})
