"""Turn a read operation into a plan: which rows of which tables, which columns, and how to shape the response.

Only what the planner knows how to answer exactly as the ordinary execution would is planned: the Relay lists named
in LISTS (without a filter), the columns behind plain fields, relations declared with `to_one` / `to_many` (they carry
their plan in the field's metadata), `id`, `__typename`, `cursor`, `pageInfo` and `totalCount`. Anything else
(fragments, directives, computed or guarded fields, filters, mutations) makes `compile_operation` return None, and the
operation runs the ordinary way: one schema, one set of permissions, two ways to execute it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    Undefined,
    value_from_ast,
)
from graphql.execution.values import get_variable_values
from tortoise.models import Model

from graphql_api.relations import PLAN

# Top-level lists the planner answers: field name → the read resource its resolver paginates (see their resolvers:
# each pages `Model.all()` under this resource's scope when no filter is given).
LISTS = {
    "cases": "case",
    "transfers": "transfer",
    "notices": "notice",
    "clues": "clue",
    "assistanceRequests": "assistance",
    "consultations": "consultation",
    "jointPlans": "joint_plan",
    "guidanceDocuments": "guidance",
    "events": "event",
    "deadlineAlerts": "deadline_alert",
    "inspections": "inspection",
}
_DEFINITION = "strawberry-definition"
_PAGE_INFO = {"hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"}


@dataclass(slots=True)
class Leaf:
    key: str
    column: str
    serialize: Any
    graphql_type: Any = None  # the scalar or enum type, for rendering it in SQL (sql_json)


@dataclass(slots=True)
class Constant:
    key: str
    value: Any


@dataclass(slots=True)
class GlobalId:
    key: str
    type_name: str


@dataclass(slots=True)
class Computed:
    key: str
    columns: tuple[str, ...]
    compute: Any  # (row, permission) → value, the function the field's resolver calls too


@dataclass(slots=True)
class Relation:
    key: str
    kind: str  # "one" (column holds the target's key) or "many" (targets whose column holds our key)
    column: str
    target: Selection
    nullable: bool


@dataclass(slots=True)
class Selection:
    """The fields asked of one object type, in response order."""

    model: type[Model]
    items: list[Leaf | Constant | GlobalId | Relation | Computed] = field(default_factory=list)
    json_sql: str | None = None  # the page statement of sql_json, once built ("" when it cannot be)

    def columns(self) -> list[str]:
        wanted = {"id"}
        for item in self.items:
            if isinstance(item, Leaf) or (isinstance(item, Relation) and item.kind == "one"):
                wanted.add(item.column)
            elif isinstance(item, Computed):
                wanted.update(item.columns)
        return sorted(wanted)


@dataclass(slots=True)
class ListPlan:
    """A Relay connection: its parts in response order, each (key, kind, detail), and the node's selection."""

    key: str
    resource: str
    model: type[Model]
    first: int | None
    after: str | None
    parts: list[tuple[str, str, Any]] = field(default_factory=list)
    node: Selection | None = None
    edge_type: str = ""


@dataclass(slots=True)
class OperationPlan:
    lists: list[ListPlan | Constant]


class NotPlannable(Exception):
    """Something the planner does not answer: run the operation the ordinary way."""


def compile_operation(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, variables: dict[str, Any]
) -> OperationPlan | None:
    try:
        return _compile(schema, document, operation_name, variables)
    except NotPlannable:
        return None


def _operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != len(document.definitions):
        raise NotPlannable("fragments")
    if operation_name is None and len(operations) == 1:
        return operations[0]
    named = [o for o in operations if o.name and o.name.value == operation_name]
    if len(named) != 1:
        raise NotPlannable("operation")
    return named[0]


def _fields(node: Any) -> list[FieldNode]:
    selections = node.selection_set.selections if node.selection_set else []
    if not all(isinstance(s, FieldNode) and not s.directives for s in selections):
        raise NotPlannable("fragment or directive")
    return list(selections)


def _key(node: FieldNode) -> str:
    return node.alias.value if node.alias else node.name.value


def _compile(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, variables: dict[str, Any]
) -> OperationPlan:
    operation = _operation(document, operation_name)
    if operation.operation is not OperationType.QUERY or operation.directives:
        raise NotPlannable("not a query")
    coerced: Any = get_variable_values(schema, operation.variable_definitions or (), variables)
    if isinstance(coerced, list):
        raise NotPlannable("variables the ordinary path reports")
    variables = coerced.coerced
    query_type = schema.query_type
    assert query_type is not None
    lists: list[ListPlan | Constant] = []
    for node in _fields(operation):
        name = node.name.value
        if name == "__typename":
            lists.append(Constant(_key(node), query_type.name))
            continue
        if name not in LISTS:
            raise NotPlannable(name)
        gql_field = query_type.fields[name]
        arguments = _arguments(node, gql_field, variables)
        if set(arguments) - {"first", "after"} or any(
            arguments.get(a) is not None for a in set(arguments) - {"first", "after"}
        ):
            raise NotPlannable("filter")
        connection = _object_type(gql_field.type)
        lists.append(_list_plan(schema, node, connection, LISTS[name], arguments))
    return OperationPlan(lists=lists)


def _arguments(node: FieldNode, gql_field: Any, variables: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for argument in node.arguments or ():
        definition = gql_field.args.get(argument.name.value)
        if definition is None:
            raise NotPlannable("argument")
        value = value_from_ast(argument.value, definition.type, variables)
        if value is Undefined:
            raise NotPlannable("an argument the ordinary path must coerce, and report")
        values[argument.name.value] = value
    return values


def _object_type(output: GraphQLOutputType) -> GraphQLObjectType:
    while isinstance(output, GraphQLNonNull | GraphQLList):
        output = output.of_type
    if not isinstance(output, GraphQLObjectType):
        raise NotPlannable("not an object")
    return output


def _list_plan(
    schema: GraphQLSchema, node: FieldNode, connection: GraphQLObjectType, resource: str, arguments: dict[str, Any]
) -> ListPlan:
    edge_type = _object_type(connection.fields["edges"].type)
    node_type = _object_type(edge_type.fields["node"].type)
    plan = ListPlan(key=_key(node), resource=resource, model=_model_of(node_type), first=arguments.get("first"),
                    after=arguments.get("after"), edge_type=edge_type.name)  # fmt: skip
    for child in _fields(node):
        name, key = child.name.value, _key(child)
        if name == "__typename":
            plan.parts.append((key, "constant", connection.name))
        elif name == "totalCount":
            plan.parts.append((key, "totalCount", None))
        elif name == "pageInfo":
            items = [(_key(f), f.name.value) for f in _fields(child)]
            if any(n not in _PAGE_INFO for _, n in items):
                raise NotPlannable("pageInfo")
            plan.parts.append((key, "pageInfo", items))
        elif name == "edges":
            items = []
            for edge_field in _fields(child):
                edge_name = edge_field.name.value
                if edge_name not in {"node", "cursor", "__typename"}:
                    raise NotPlannable(edge_name)
                if edge_name == "node":
                    if plan.node is not None:
                        raise NotPlannable("the node asked twice")
                    plan.node = _selection(schema, edge_field, node_type)
                items.append((_key(edge_field), edge_name))
            plan.parts.append((key, "edges", items))
        else:
            raise NotPlannable(name)  # anything newer than this planner
    return plan


def _model_of(object_type: GraphQLObjectType) -> type[Model]:
    definition = object_type.extensions.get(_DEFINITION)
    model = getattr(getattr(definition, "origin", None), "_model", None)
    if model is None:
        raise NotPlannable(f"{object_type.name} has no table")
    return model  # type: ignore[no-any-return]


def _selection(schema: GraphQLSchema, node: FieldNode, object_type: GraphQLObjectType) -> Selection:
    selection = Selection(model=_model_of(object_type))
    columns = selection.model._meta.fields_map
    for child in _fields(node):
        name, key = child.name.value, _key(child)
        if name == "__typename":
            selection.items.append(Constant(key, object_type.name))
            continue
        if child.arguments:
            raise NotPlannable("arguments")
        gql_field = object_type.fields[name]
        strawberry_field = gql_field.extensions.get(_DEFINITION)
        if name == "id":
            selection.items.append(GlobalId(key, object_type.name))
            continue
        plan = getattr(strawberry_field, "metadata", {}).get(PLAN)
        if plan is not None and plan[0] == "computed":
            selection.items.append(Computed(key, plan[1], plan[2]))
            continue
        if plan is not None:
            kind, _, column = plan
            target = _selection(schema, child, _object_type(gql_field.type))
            nullable = not isinstance(gql_field.type, GraphQLNonNull)
            selection.items.append(Relation(key, kind, column, target, nullable))
            continue
        python_name = getattr(strawberry_field, "python_name", None)
        if getattr(strawberry_field, "base_resolver", None) is not None or python_name not in columns:
            raise NotPlannable(f"{object_type.name}.{name} is computed")
        leaf = gql_field.type.of_type if isinstance(gql_field.type, GraphQLNonNull) else gql_field.type
        if not isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
            raise NotPlannable("not a leaf")
        selection.items.append(Leaf(key, python_name, _serializer(leaf), leaf))
    return selection


def _serializer(leaf: GraphQLScalarType | GraphQLEnumType) -> Any:
    if isinstance(leaf, GraphQLEnumType):
        by_value = {value.value: name for name, value in leaf.values.items()}
        by_raw = {getattr(value.value, "value", value.value): name for name, value in leaf.values.items()}
        return lambda v: by_value.get(v, by_raw.get(v))
    return leaf.serialize
