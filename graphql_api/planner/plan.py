"""Turn a read operation into a plan: which rows of which tables, which columns, and how to shape the response.

Only what the planner knows how to answer exactly as the ordinary execution would is planned: the Relay lists whose
resolver declares its rows (`graphql_api.pagination.LIST`), with their filters and page arguments; `node(id:)`; and
`statistics`. Below them: the columns behind plain fields, relations declared with `to_one` / `to_many` / `to_first`
and fields declared with `computed` (they carry their plan in the field's metadata), `id`, `__typename`, `cursor`,
`pageInfo` and `totalCount`, gathered through named and inline fragments and `@skip` / `@include` as graphql-core
would. A field the planner does not answer on a row that `node(id:)` loads (a field with a resolver of its own, or
with arguments) is left to the ordinary execution for that subtree (`Fallback`, `planner.subtrees`). Anything else
(another directive, such a field elsewhere, an argument the resolver would refuse, a mutation) makes
`compile_operation` return None, and the whole operation runs the ordinary way: one schema, one set of permissions,
two ways to execute it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLIncludeDirective,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLSkipDirective,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    Undefined,
    VariableNode,
    value_from_ast,
)
from graphql.execution.values import get_directive_values, get_variable_values
from strawberry import relay
from strawberry.relay.types import GlobalIDValueError
from strawberry.types.arguments import convert_argument
from tortoise.models import Model
from tortoise.queryset import QuerySet

from graphql_api.node import ModelNode
from graphql_api.pagination import LIST
from graphql_api.relations import PLAN, target_resource
from permissions.filters import relation_is_scoped

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
class Fallback:
    """A field the planner does not answer itself, of a row that `node(id:)` loads: the ordinary execution answers
    it, for every row of its level at once (`graphql_api.planner.subtrees`)."""

    key: str
    type_name: str
    nodes: list[FieldNode]  # the field as the document asks it (all the nodes of its response key)
    source: Source


@dataclass(frozen=True, slots=True)
class Source:
    """What a fallback's own operation needs from the request: its fragments, variables and their definitions."""

    document: DocumentNode
    operation: OperationDefinitionNode
    variables: dict[str, Any]  # as the client sent them


@dataclass(slots=True)
class Relation:
    key: str
    kind: str  # "one" (column holds the target's key), "many" (targets whose column holds our key) or "first" of them
    column: str
    target: Selection
    nullable: bool
    where: dict[str, Any] = field(default_factory=dict)  # more conditions on the targets' columns
    # The reader's scope of this resource limits the targets, when the relation is scoped (relation_is_scoped).
    resource: str | None = None


@dataclass(slots=True)
class Selection:
    """The fields asked of one object type, in response order; `model` None for objects that are not rows."""

    model: type[Model] | None
    items: list[Leaf | Constant | GlobalId | Relation | Computed | Fallback] = field(default_factory=list)
    json_sql: str | None = None  # the page statement of sql_json, once built ("" when it cannot be)
    json_scopes: list[tuple[str, str, Any]] = field(default_factory=list)  # its scoped relations (sql_json.ScopeSlot)
    computed: bool = False  # whether computed fields in it (or below) are finished in Python after that statement

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
    rows_of: Callable[[Any], QuerySet[Any]]  # the resolver's rows for a filter, before the scope
    filter: Any  # the filter argument, as the resolver gets it
    narrowed: bool  # a filter was given (even an empty one): the scope takes its exact form, as in `paginate`
    first: int | None
    after: str | None
    parts: list[tuple[str, str, Any]] = field(default_factory=list)
    node: Selection | None = None
    edge_type: str = ""


@dataclass(slots=True)
class NodePlan:
    """`node(id:)`: one row of `model` if it is in the principal's scope of `resource`."""

    key: str
    resource: str
    pk: int
    node: Selection


@dataclass(slots=True)
class StatisticsPlan:
    """`statistics(from:, to:, agencies:)`: R-G2's figures per agency, through the resolver's own function."""

    key: str
    start: datetime
    end: datetime
    agencies: list[relay.GlobalID] | None
    node: Selection


@dataclass(slots=True)
class OperationPlan:
    lists: list[ListPlan | NodePlan | StatisticsPlan | Constant]


class NotPlannable(Exception):
    """Something the planner does not answer: run the operation the ordinary way."""


@dataclass(slots=True)
class _Compiler:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict[str, Any]
    variable_values: Any  # graphql-core's VariableValues, for the directives
    source: Source


def compile_operation(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, variables: dict[str, Any]
) -> OperationPlan | None:
    try:
        return _compile(schema, document, operation_name, variables)
    except NotPlannable:
        return None


def _operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None and len(operations) == 1:
        return operations[0]
    named = [o for o in operations if o.name and o.name.value == operation_name]
    if len(named) != 1:
        raise NotPlannable("operation")
    return named[0]


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
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    compiler = _Compiler(schema, fragments, coerced.coerced, coerced, Source(document, operation, variables))
    query_type = schema.query_type
    assert query_type is not None
    lists: list[ListPlan | NodePlan | StatisticsPlan | Constant] = []
    for key, nodes in _collect(compiler, query_type, [operation.selection_set]).items():
        name = nodes[0].name.value
        if name == "__typename":
            lists.append(Constant(key, query_type.name))
        elif name.startswith("__"):
            raise NotPlannable("introspection")
        elif name == "node":
            lists.append(_node_plan(compiler, key, nodes))
        elif name == "statistics":
            lists.append(_statistics_plan(compiler, key, nodes, query_type))
        else:
            lists.append(_list_plan(compiler, key, nodes, query_type))
    return OperationPlan(lists=lists)


def _object_type(output: GraphQLOutputType) -> GraphQLObjectType:
    while isinstance(output, GraphQLNonNull | GraphQLList):
        output = output.of_type
    if not isinstance(output, GraphQLObjectType):
        raise NotPlannable("not an object")
    return output


def _model_of(object_type: GraphQLObjectType) -> type[Model]:
    definition = object_type.extensions.get(_DEFINITION)
    model = getattr(getattr(definition, "origin", None), "_model", None)
    if model is None:
        raise NotPlannable(f"{object_type.name} has no table")
    return model  # type: ignore[no-any-return]


def _applies(condition: str | None, object_type: GraphQLObjectType, schema: GraphQLSchema) -> bool:
    """Whether a fragment on `condition` applies to objects of `object_type` (graphql-core's rule)."""
    if condition is None or condition == object_type.name:
        return True
    abstract = schema.get_type(condition)
    if isinstance(abstract, GraphQLInterfaceType | GraphQLUnionType):
        return schema.is_sub_type(abstract, object_type)
    return False


def _collect(
    compiler: _Compiler, object_type: GraphQLObjectType, selection_sets: list[SelectionSetNode | None]
) -> dict[str, list[FieldNode]]:
    """The fields asked of `object_type` by these selection sets, grouped by response key in response order, as
    graphql-core's `collect_fields` groups them: through fragments whose type condition applies, without the fields
    `@skip` or `@include` leave out. Any other directive is not planned."""
    grouped: dict[str, list[FieldNode]] = {}
    visited: set[str] = set()

    def included(node: Any) -> bool:
        directives = node.directives or ()
        known = {GraphQLSkipDirective.name, GraphQLIncludeDirective.name}
        if any(d.name.value not in known for d in directives):
            raise NotPlannable("a directive")
        skip = get_directive_values(GraphQLSkipDirective, node, compiler.variable_values)
        if skip and skip.get("if") is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, compiler.variable_values)
        return not (include and include.get("if") is False)

    def walk(selection_set: SelectionSetNode | None) -> None:
        for selection in selection_set.selections if selection_set else ():
            if not included(selection):
                continue
            if isinstance(selection, FieldNode):
                grouped.setdefault(_key(selection), []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition.name.value if selection.type_condition else None
                if _applies(condition, object_type, compiler.schema):
                    walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = compiler.fragments.get(name)
                if name in visited or fragment is None:
                    continue
                visited.add(name)
                if _applies(fragment.type_condition.name.value, object_type, compiler.schema):
                    walk(fragment.selection_set)

    for selection_set in selection_sets:
        walk(selection_set)
    return grouped


def _arguments(compiler: _Compiler, nodes: list[FieldNode], parent: GraphQLObjectType) -> dict[str, Any]:
    """The field's arguments, as its resolver gets them (python names, Strawberry's input objects and IDs)."""
    node = nodes[0]
    gql_field = parent.fields[node.name.value]
    strawberry_field = gql_field.extensions.get(_DEFINITION)
    strawberry_schema: Any = getattr(compiler.schema, "_strawberry_schema", None)
    if strawberry_field is None or strawberry_schema is None:
        raise NotPlannable("not a Strawberry field")
    by_name = {strawberry_schema.config.name_converter.from_argument(a): a for a in strawberry_field.arguments}
    values: dict[str, Any] = {}
    for argument in node.arguments or ():
        definition = gql_field.args.get(argument.name.value)
        strawberry_argument = by_name.get(argument.name.value)
        if definition is None or strawberry_argument is None:
            raise NotPlannable("argument")
        if isinstance(argument.value, VariableNode) and argument.value.name.value not in compiler.variables:
            continue  # a variable not given: the argument's default (null for every argument planned)
        value = value_from_ast(argument.value, definition.type, compiler.variables)
        if value is Undefined:
            raise NotPlannable("an argument the ordinary path must coerce, and report")
        try:
            values[strawberry_argument.python_name] = convert_argument(
                value, strawberry_argument.type, strawberry_schema.schema_converter.scalar_registry,
                strawberry_schema.config,
            )  # fmt: skip
        except Exception as exc:  # a malformed global ID, say: Strawberry reports it its own way
            raise NotPlannable("an argument Strawberry refuses") from exc
    return values


def _list_plan(compiler: _Compiler, key: str, nodes: list[FieldNode], query_type: GraphQLObjectType) -> ListPlan:
    name = nodes[0].name.value
    gql_field = query_type.fields[name]
    declared = getattr(gql_field.extensions.get(_DEFINITION), "metadata", {}).get(LIST)
    if declared is None:
        raise NotPlannable(name)
    resource, rows_of = declared
    arguments = _arguments(compiler, nodes, query_type)
    if set(arguments) - {"first", "after", "filter"}:
        raise NotPlannable("an argument this planner does not know")
    filter_ = arguments.get("filter")
    connection = _object_type(gql_field.type)
    edge_type = _object_type(connection.fields["edges"].type)
    node_type = _object_type(edge_type.fields["node"].type)
    plan = ListPlan(key=key, resource=resource, model=_model_of(node_type), rows_of=rows_of, filter=filter_,
                    narrowed=filter_ is not None,
                    first=arguments.get("first"), after=arguments.get("after"), edge_type=edge_type.name)  # fmt: skip
    for child_key, children in _collect(compiler, connection, [n.selection_set for n in nodes]).items():
        child_name = children[0].name.value
        if child_name == "__typename":
            plan.parts.append((child_key, "constant", connection.name))
        elif child_name == "totalCount":
            plan.parts.append((child_key, "totalCount", None))
        elif child_name == "pageInfo":
            page_info = _object_type(connection.fields["pageInfo"].type)
            items = [(k, f[0].name.value) for k, f in _collect(compiler, page_info, _sets(children)).items()]
            if any(n not in _PAGE_INFO for _, n in items):
                raise NotPlannable("pageInfo")
            plan.parts.append((child_key, "pageInfo", items))
        elif child_name == "edges":
            items = []
            for edge_key, edge_nodes in _collect(compiler, edge_type, _sets(children)).items():
                edge_name = edge_nodes[0].name.value
                if edge_name not in {"node", "cursor", "__typename"}:
                    raise NotPlannable(edge_name)
                if edge_name == "node":
                    if plan.node is not None:
                        raise NotPlannable("the node asked twice")
                    plan.node = _selection(compiler, edge_nodes, node_type)
                items.append((edge_key, edge_name))
            plan.parts.append((child_key, "edges", items))
        else:
            raise NotPlannable(child_name)  # anything newer than this planner
    return plan


def _sets(nodes: list[FieldNode]) -> list[SelectionSetNode | None]:
    return [n.selection_set for n in nodes]


def _node_plan(compiler: _Compiler, key: str, nodes: list[FieldNode]) -> NodePlan:
    """`node(id:)` for an ID of a table-backed type, in the form `graphql_api.node_query` accepts; anything it would
    refuse (a malformed ID, another type) it reports itself."""
    query_type = compiler.schema.query_type
    assert query_type is not None
    raw = _arguments(compiler, nodes, query_type).get("id")
    try:
        global_id = relay.GlobalID.from_id(raw) if isinstance(raw, str) else None
    except GlobalIDValueError:
        global_id = None
    if global_id is None or not global_id.node_id.isdigit():
        raise NotPlannable("a malformed ID")
    object_type = compiler.schema.get_type(global_id.type_name)
    origin = getattr(getattr(object_type, "extensions", {}).get(_DEFINITION), "origin", None)
    if not isinstance(object_type, GraphQLObjectType) or not (
        isinstance(origin, type) and issubclass(origin, ModelNode)
    ):
        raise NotPlannable("not a node type")
    selection = _selection(compiler, nodes, object_type)
    return NodePlan(key=key, resource=origin._resource, pk=int(global_id.node_id), node=selection)


def _statistics_plan(
    compiler: _Compiler, key: str, nodes: list[FieldNode], query_type: GraphQLObjectType
) -> StatisticsPlan:
    arguments = _arguments(compiler, nodes, query_type)
    if "from_" not in arguments or "to" not in arguments:
        raise NotPlannable("statistics without a period")
    object_type = _object_type(query_type.fields["statistics"].type)
    selection = _selection(compiler, nodes, object_type, model=None)
    return StatisticsPlan(key=key, start=arguments["from_"], end=arguments["to"],
                          agencies=arguments.get("agencies"), node=selection)  # fmt: skip


_NO_MODEL: Any = object()


def _selection(
    compiler: _Compiler, nodes: list[FieldNode], object_type: GraphQLObjectType, model: Any = _NO_MODEL
) -> Selection:
    """The plan of the fields asked of `object_type`. On a row that `node(id:)` loads, a field the planner does not
    answer is left to the ordinary execution (`Fallback`); anywhere else it makes the whole operation ordinary."""
    selection = Selection(model=_model_of(object_type) if model is _NO_MODEL else model)
    fallback = selection.model is not None and _is_node_type(object_type)
    for key, children in _collect(compiler, object_type, _sets(nodes)).items():
        child = children[0]
        name = child.name.value
        if name == "__typename":
            selection.items.append(Constant(key, object_type.name))
            continue
        try:
            selection.items.append(_item(compiler, selection, object_type, key, children))
        except NotPlannable:
            if not fallback:
                raise
            selection.items.append(Fallback(key, object_type.name, children, compiler.source))
    return selection


def _is_node_type(object_type: GraphQLObjectType) -> bool:
    """Whether `node(id:)` loads objects of this type (the ordinary path's way to a row by its ID)."""
    origin = getattr(object_type.extensions.get(_DEFINITION), "origin", None)
    return isinstance(origin, type) and issubclass(origin, ModelNode)


def _item(
    compiler: _Compiler, selection: Selection, object_type: GraphQLObjectType, key: str, children: list[FieldNode]
) -> Leaf | GlobalId | Relation | Computed:
    """The plan of one field of `selection`; NotPlannable when the planner does not answer it."""
    definition = object_type.extensions.get(_DEFINITION)
    if selection.model is not None:
        columns = set(selection.model._meta.fields_map)
    else:  # an object built in Python: its plain attributes
        columns = {f.python_name for f in getattr(definition, "fields", ()) if f.base_resolver is None}
    child = children[0]
    name = child.name.value
    if child.arguments:
        raise NotPlannable("arguments")
    gql_field = object_type.fields[name]
    strawberry_field = gql_field.extensions.get(_DEFINITION)
    if name == "id" and selection.model is not None:
        return GlobalId(key, object_type.name)
    plan = getattr(strawberry_field, "metadata", {}).get(PLAN)
    if plan is not None and plan[0] == "computed":
        return Computed(key, plan[1], plan[2])
    if plan is not None:
        kind, _, column, where = plan
        target_type = _object_type(gql_field.type)
        target = _selection(compiler, children, target_type)
        nullable = not isinstance(gql_field.type, GraphQLNonNull)
        resource = target_resource(getattr(target_type.extensions.get(_DEFINITION), "origin", None))
        scoped = relation_is_scoped(resource, None if kind == "one" else column)
        return Relation(key, kind, column, target, nullable, dict(where), resource if scoped else None)
    python_name = getattr(strawberry_field, "python_name", None)
    if getattr(strawberry_field, "base_resolver", None) is not None or python_name not in columns:
        raise NotPlannable(f"{object_type.name}.{name} is computed")
    leaf = gql_field.type.of_type if isinstance(gql_field.type, GraphQLNonNull) else gql_field.type
    if not isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
        raise NotPlannable("not a leaf")
    return Leaf(key, python_name, _serializer(leaf), leaf)


def _serializer(leaf: GraphQLScalarType | GraphQLEnumType) -> Any:
    if isinstance(leaf, GraphQLEnumType):
        by_value = {value.value: name for name, value in leaf.values.items()}
        by_raw = {getattr(value.value, "value", value.value): name for name, value in leaf.values.items()}
        return lambda v: by_value.get(v, by_raw.get(v))
    return leaf.serialize
