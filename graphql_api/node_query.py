"""`node(id:)`: any object by its global ID, within the principal's scope."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.relay.types import GlobalIDValueError
from strawberry.types.base import StrawberryObjectDefinition

from graphql_api.context import Info
from graphql_api.errors import BadUserInput, NotFound
from graphql_api.node import ModelNode


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global ID. NOT_FOUND when it does not exist or is out of scope.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        info.context.require_principal()
        try:
            global_id = relay.GlobalID.from_id(id)
        except GlobalIDValueError as exc:
            raise BadUserInput(f"malformed ID {id!r}", field="id") from exc
        definition = info.schema.get_type_by_name(global_id.type_name)
        origin = definition.origin if isinstance(definition, StrawberryObjectDefinition) else None
        if origin is None or not issubclass(origin, ModelNode) or not global_id.node_id.isdigit():
            raise BadUserInput(f"malformed ID {id!r}", field="id")
        [row] = await origin.resolve_nodes(info=info, node_ids=[global_id.node_id])
        if row is None:
            raise NotFound(f"no {global_id.type_name} with ID {id!r} is visible to you", field="id")
        return row  # type: ignore[no-any-return]
