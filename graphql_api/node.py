"""Relay `Node` for types backed by a Tortoise model: resolvers return model rows, not copies of them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from strawberry import relay
from tortoise.models import Model

from graphql_api.context import Info
from permissions.filters import scope_filter


class ModelNode(relay.Node):
    """Mixin for object types: `_model` is the table behind the type, `_resource` its name in the scope filters."""

    _model: ClassVar[type[Model]]
    _resource: ClassVar[str]
    pk: int  # the row's primary key; not a GraphQL field (the mixin is not a dataclass)

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, (cls, cls._model))

    @classmethod
    def resolve_id(cls, root: Any, *, info: Any) -> str:
        return str(root.pk)

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        ids = [int(i) for i in node_ids]
        return await load_visible(info, cls._model, cls._resource, ids)


async def load_visible(info: Info, model: type[Model], resource: str, ids: list[int]) -> list[Any]:
    """Rows by ID in the order asked, None where a row does not exist or is out of the principal's scope."""
    query = model.filter(pk__in=ids)
    where = scope_filter(resource, await info.context.read_scope(resource))
    if where is not None:
        query = query.filter(where)
    rows = {row.pk: row for row in await query}
    return [rows.get(i) for i in ids]
