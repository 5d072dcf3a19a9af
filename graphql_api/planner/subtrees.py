"""The fields the planner leaves to the ordinary execution (`plan.Fallback`), answered for a whole level at once.

For the rows of one level, the fields are asked again as the client asked them, with its fragments and variables,
of each row through `node(id:)`: `{ n0: node(id: "…") { ... on Notice { photos { … } } } n1: … }`, executed by
graphql-core with Strawberry's executor, so the same resolvers, loaders and field permissions answer as they would
in the ordinary path. The answer is exact only when every row comes back with no error: a row out of `node`'s scope
(a related row the list may show but `node` may not), or any error the field raises, returns None, and the whole
operation then runs the ordinary way, which reports it where the client expects it.
"""

from __future__ import annotations

import base64
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    execute,
)
from graphql.language import Visitor, visit
from graphql.pyutils import is_awaitable

from graphql_api.planner.plan import Fallback, Source
from procedures.access import unrecorded_denials

ROWS_PER_OPERATION = 100  # node(id:) fields in one operation


class _Used(Visitor):
    """The variables and fragments a part of the document refers to, fragments followed into their own."""

    def __init__(self) -> None:
        super().__init__()
        self.variables: set[str] = set()
        self.fragments: set[str] = set()

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        self.variables.add(node.name.value)

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        self.fragments.add(node.name.value)


def document_for(items: list[Fallback], ids: list[int]) -> DocumentNode:
    """One operation asking `items` of the rows `ids` (all of one type), with what of the request it needs."""
    source: Source = items[0].source
    type_name = items[0].type_name
    fields = [node for item in items for node in item.nodes]
    used = _Used()
    for node in fields:
        visit(node, used)
    definitions = {d.name.value: d for d in source.document.definitions if isinstance(d, FragmentDefinitionNode)}
    pending, fragments = list(used.fragments), {}
    while pending:
        name = pending.pop()
        if name in fragments or name not in definitions:
            continue
        fragments[name] = definitions[name]
        inner = _Used()
        visit(definitions[name], inner)
        used.variables |= inner.variables
        pending.extend(inner.fragments)
    on_type = InlineFragmentNode(
        type_condition=NamedTypeNode(name=NameNode(value=type_name)),
        directives=(),
        selection_set=SelectionSetNode(selections=tuple(fields)),
    )
    nodes = tuple(
        FieldNode(
            alias=NameNode(value=f"n{i}"),
            name=NameNode(value="node"),
            arguments=(
                ArgumentNode(name=NameNode(value="id"), value=StringValueNode(value=_global_id(type_name, pk))),
            ),
            directives=(),
            selection_set=SelectionSetNode(selections=(on_type,)),
        )
        for i, pk in enumerate(ids)
    )
    variables = tuple(d for d in source.operation.variable_definitions or () if d.variable.name.value in used.variables)
    operation = OperationDefinitionNode(
        operation=OperationType.QUERY,
        name=None,
        variable_definitions=variables,
        directives=(),
        selection_set=SelectionSetNode(selections=nodes),
    )
    return DocumentNode(definitions=(operation, *fragments.values()))


async def answer(
    schema: GraphQLSchema, executor: type[Any], context: Any, items: list[Fallback], ids: list[int]
) -> dict[int, dict[str, Any]] | None:
    """The fields of `items` for each row of `ids`, by ID; None when the ordinary path must answer the operation."""
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), ROWS_PER_OPERATION):
        chunk = ids[start : start + ROWS_PER_OPERATION]
        with unrecorded_denials():  # any error sends the operation the ordinary way, which records its denials
            result = execute(schema, document_for(items, chunk), context_value=context,
                             variable_values=items[0].source.variables, executor_class=executor)  # fmt: skip
            if is_awaitable(result):
                result = await result
        data = getattr(result, "data", None)
        if getattr(result, "errors", None) or data is None:
            return None
        for i, pk in enumerate(chunk):
            row = data.get(f"n{i}")
            if row is None:  # out of node's scope: the list shows what node does not
                return None
            found[pk] = row
    return found


def _global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()
