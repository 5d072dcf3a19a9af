"""Loading a row's relations through the request's DataLoaders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

import strawberry
from graphql import GraphQLNonNull, GraphQLObjectType, GraphQLSchema
from strawberry import relay
from strawberry.types.lazy_type import LazyType
from tortoise.models import Model

from graphql_api.context import Info
from graphql_api.errors import BadUserInput
from permissions.filters import PROJECTED_RESOURCES, relation_is_scoped

M = TypeVar("M", bound=Model)


async def one(info: Info, model: type[M], pk: int | None, *, resource: str | None) -> M | None:
    """The row `pk` of `model` when the reader may read it as a relation's target of type `resource` (see
    `permissions.filters.relation_is_scoped`); `resource` None for a row that is part of the parent, seen with it."""
    if pk is None:
        return None
    where = info.context.relation_filter(resource, None) if resource else None
    return await info.context.loaders.by_id(model, where, scoped=resource).load(pk)


async def required(info: Info, model: type[M], pk: int) -> M:
    """A row of reference data or of the principal itself, which no scope hides."""
    row = await info.context.loaders.by_id(model).load(pk)
    if row is None:  # only a foreign key without its row could get here: the schema forbids it
        raise LookupError(f"{model.__name__} {pk} is missing")
    return row


async def by_ids(info: Info, model: type[M], pks: list[int], *, resource: str) -> list[M]:
    """Several rows in one batch, those the reader may read; awaiting `one()` in a loop would send a statement per
    row."""
    where = info.context.relation_filter(resource, None)
    rows = await info.context.loaders.by_id(model, where, scoped=resource).load_many(pks)
    return [row for row in rows if row is not None]


async def many(info: Info, model: type[M], fk: str, pk: int, *, resource: str | None, **equal: Any) -> list[M]:
    """The rows of `model` whose `fk` is `pk`, those the reader may read as targets of type `resource`."""
    where = info.context.relation_filter(resource, fk) if resource else None
    return await info.context.loaders.children(model, fk, where, scoped=resource, **equal).load(pk)


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


def target_resource(target: Any) -> str:
    """The resource whose read permission and scope a relation applies: its target type's (the type the field is
    declared with), so that both execution paths take it from the same declaration. `target` is that type, or a
    Strawberry wrapper of it (optional, list, lazy)."""
    while hasattr(target, "of_type"):
        target = target.of_type
    if isinstance(target, LazyType):
        target = target.resolve_type()
    resource = getattr(target, "_resource", None)
    if not isinstance(resource, str):
        raise TypeError(f"the target of a relation, {target!r}, declares no _resource")
    return resource


class _Target:
    """A relation's target resource, found from the field's type on first use (the type is lazy at declaration)."""

    __slots__ = ("resource",)

    def __init__(self) -> None:
        self.resource: str | None = None

    def of(self, info: Info) -> str:
        if self.resource is None:
            self.resource = target_resource(info.return_type)
        return self.resource


def to_one(model: type[Model], column: str, *, description: str | None = None) -> Any:
    """A field holding the row that `column` of the parent row points to, loaded through the request's DataLoader,
    within the reader's scope of its type (null outside it). The field's GraphQL type is the annotation it is
    assigned to."""
    target = _Target()

    async def resolve(root: Any, info: Info) -> Any:
        return await one(info, model, getattr(root, column), resource=target.of(info))

    # The planned read path (graphql_api.planner) reads this instead of calling the resolver.
    return strawberry.field(resolver=resolve, description=description, metadata={PLAN: ("one", model, column, {})})


def to_many(model: type[Model], fk: str, *, description: str | None = None, where: dict[str, Any] | None = None) -> Any:
    """A field holding the rows of `model` whose `fk` is the parent row's key, oldest first, those within the
    reader's scope of their type; `where` narrows them to rows whose columns hold the values given (the events of
    one subject type, say)."""
    where = where or {}
    target = _Target()

    async def resolve(root: Any, info: Info) -> Any:
        return await many(info, model, fk, root.pk, resource=target.of(info), **where)

    return strawberry.field(resolver=resolve, description=description, metadata={PLAN: ("many", model, fk, where)})


def to_first(model: type[Model], fk: str, *, description: str | None = None) -> Any:
    """A field holding the oldest row of `model` whose `fk` is the parent row's key (within the reader's scope of its
    type), or null."""
    target = _Target()

    async def resolve(root: Any, info: Info) -> Any:
        return first_or_none(await many(info, model, fk, root.pk, resource=target.of(info)))

    return strawberry.field(resolver=resolve, description=description, metadata={PLAN: ("first", model, fk, {})})


class Permission(Protocol):
    """Whether the principal may do `action` on `obj` in `agency_id` (None: its own agency)."""

    def __call__(self, action: str, obj: str, agency_id: int | None = None) -> bool: ...


def computed(
    columns: tuple[str, ...], compute: Callable[[Mapping[str, Any], Permission], Any], *, description: str | None = None
) -> Any:
    """A field computed from some columns of its row (and the principal's permissions), by the one function both
    execution paths call: the resolver here, the planned read path from the row it selected."""

    def resolve(root: Any, info: Info) -> Any:
        principal = info.context.require_principal()

        def can(action: str, obj: str, agency_id: int | None = None) -> bool:
            return info.context.can(action, obj, [principal.agency_id if agency_id is None else agency_id])

        return compute({c: getattr(root, c) for c in columns}, can)

    return strawberry.field(resolver=resolve, description=description, metadata={PLAN: ("computed", columns, compute)})


def describe_scopes(schema: GraphQLSchema) -> None:
    """Say on every relation field what the reader gets, from the same declaration both execution paths read: the
    rows in the reader's scope of the target type, users in their public projection elsewhere."""
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        for graphql_field in graphql_type.fields.values():
            definition = graphql_field.extensions.get("strawberry-definition")
            plan = getattr(definition, "metadata", {}).get(PLAN)
            if plan is None or plan[0] == "computed":
                continue
            kind, _, column = plan[0], plan[1], plan[2]
            resource = target_resource(definition.type)
            if resource in PROJECTED_RESOURCES:
                note = "A user of an agency whose users you may not read shows its display name and agency only."
            elif not relation_is_scoped(resource, None if kind == "one" else column):
                continue
            elif kind == "many":
                note = "Only those you may read (as node(id:) returns them) are listed."
            elif isinstance(graphql_field.type, GraphQLNonNull):
                continue  # whoever reads the parent reads it (a transfer's case): the property test holds it
            else:
                note = "Null when you may not read it (as node(id:) would not return it)."
            graphql_field.description = f"{graphql_field.description or ''} {note}".strip()
