"""On PostgreSQL, a page's nodes as one statement that builds their JSON, relations nested as sub-selects, the way
PostGraphile does: the database returns the response's objects, Python only places them.

Every leaf is rendered exactly as the GraphQL layer would render the Python value (`datetime.isoformat()`, enum
names, global IDs in base64). A computed field's columns come back as an object that `finish` turns into its value
(only columns whose JSON reads back as the same Python value: integers, text, booleans); a selection with anything
else (a datetime column of a computed field, another scalar) returns None and is answered row by row (`run.py`).
The differential test holds both to the ordinary path's JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLEnumType, GraphQLScalarType
from tortoise import fields

from graphql_api.planner.plan import Computed, Constant, GlobalId, Leaf, Relation, Selection

_MAX_PAIRS = 50  # json_build_object takes at most 100 arguments
# Columns whose JSON form reads back as the very Python value Tortoise gives (a computed field gets it either way).
_EXACT_IN_JSON = (fields.IntField, fields.BigIntField, fields.SmallIntField, fields.CharField, fields.TextField,
                  fields.BooleanField)  # fmt: skip


def _exact_in_json(column: Any) -> bool:
    return isinstance(column, _EXACT_IN_JSON) and getattr(column, "enum_type", None) is None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _datetime(column: str) -> str:
    """As Python's isoformat() of an aware UTC datetime: microseconds only when there are some."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"CASE WHEN {column} IS NULL THEN NULL ELSE to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
        f"CASE WHEN (date_part('microseconds', {column})::bigint % 1000000) <> 0 "
        f"THEN to_char({utc}, '.US') ELSE '' END || '+00:00' END"
    )


def _leaf(leaf: Leaf, column: str) -> str | None:
    kind = leaf.graphql_type
    if isinstance(kind, GraphQLEnumType):
        cases = " ".join(
            f"WHEN {_literal(str(getattr(v.value, 'value', v.value)))} THEN {_literal(name)}"
            for name, v in kind.values.items()
        )
        return f"CASE {column} {cases} END"
    if isinstance(kind, GraphQLScalarType):
        if kind.name in {"String", "Int", "Float", "Boolean", "JSON"}:
            return column
        if kind.name == "DateTime":
            return _datetime(column)
        if kind.name == "Date":
            return f"to_char({column}, 'YYYY-MM-DD')"
    return None


ScopeSlot = tuple[str, str, Any]  # a scoped relation in a statement: (its alias, its resource, the target's model)


def scope_placeholder(alias: str) -> str:
    """Where a scoped relation's condition goes in a cached statement; `run` writes the reader's scope there."""
    return f"%SCOPE:{alias}%"


class JsonSql:
    def __init__(self) -> None:
        self._aliases = 0
        # The scoped relations' placeholders: (alias, resource, the target's model), for `run` to fill in.
        self.scopes: list[ScopeSlot] = []

    def _alias(self) -> str:
        self._aliases += 1
        return f"t{self._aliases}"

    def object(self, selection: Selection, alias: str) -> str | None:
        """`json_build_object(...)` of one row of `selection` whose table is aliased `alias`; None if not all SQL."""
        if selection.model is None:
            return None
        meta = selection.model._meta
        pairs: list[str] = []
        for item in selection.items:
            if isinstance(item, Constant):
                value = f"{_literal(str(item.value))}::text"
            elif isinstance(item, GlobalId):
                value = f"encode(convert_to({_literal(item.type_name + ':')} || {alias}.id, 'UTF8'), 'base64')"
            elif isinstance(item, Leaf):
                rendered = _leaf(item, f'{alias}."{meta.fields_db_projection[item.column]}"')
                if rendered is None:
                    return None
                value = rendered
            elif isinstance(item, Relation):
                nested = self.relation(item, alias, meta.fields_db_projection)
                if nested is None:
                    return None
                value = nested
            elif isinstance(item, Computed):
                # Its columns as an object, which `finish` replaces with the field's value in one pass.
                if not all(_exact_in_json(meta.fields_map.get(c)) for c in item.columns):
                    return None  # a datetime, say, comes back as text: answered row by row
                columns = ", ".join(f'{_literal(c)}, {alias}."{meta.fields_db_projection[c]}"' for c in item.columns)
                value = f"json_build_object({columns})"
            else:  # a Fallback: answered by the ordinary execution, row by row
                return None
            pairs.append(f"{_literal(item.key)}, {value}")
        if len(pairs) > _MAX_PAIRS:
            return None
        return f"json_build_object({', '.join(pairs)})"

    def relation(self, relation: Relation, parent: str, parent_columns: dict[str, str]) -> str | None:
        target = relation.target
        if target.model is None:
            return None
        meta = target.model._meta
        table = meta.db_table
        alias = self._alias()
        inner = self.object(target, alias)
        if inner is None:
            return None
        if relation.kind == "one":
            source = parent_columns[relation.column]
            scope = ""
            if relation.resource is not None:
                scope = f" AND {scope_placeholder(alias)}"
                self.scopes.append((alias, relation.resource, target.model))
            return f'(SELECT {inner} FROM "{table}" {alias} WHERE {alias}.id = {parent}."{source}"{scope})'
        fk = meta.fields_db_projection[relation.column]
        where = f'{alias}."{fk}" = {parent}.id'
        if relation.resource is not None:
            where += f" AND {scope_placeholder(alias)}"
            self.scopes.append((alias, relation.resource, target.model))
        for column, value in relation.where.items():
            if not isinstance(value, str):
                return None
            where += f' AND {alias}."{meta.fields_db_projection[column]}" = {_literal(value)}'
        if relation.kind == "first":
            return f'(SELECT {inner} FROM "{table}" {alias} WHERE {where} ORDER BY {alias}.id LIMIT 1)'
        aggregate = f"coalesce(json_agg({inner} ORDER BY {alias}.id), '[]'::json)"
        return f'(SELECT {aggregate} FROM "{table}" {alias} WHERE {where})'


def page_sql(
    selection: Selection, ids: str = "= ANY($1::bigint[])", *, texts: bool = False
) -> tuple[str, list[ScopeSlot]] | None:
    """The statement for a page of nodes: by default `$1` the IDs in page order, else `ids` the condition on the
    node's ID; it returns one JSON array (with `texts`, an array of each node's JSON text), or None when a field of
    the selection is not rendered in SQL. With it come the placeholders of its scoped relations (`JsonSql.scopes`),
    which the statement needs filled in before it runs."""
    builder = JsonSql()
    alias = builder._alias()
    obj = builder.object(selection, alias)
    if obj is None:
        return None
    assert selection.model is not None  # object() said None otherwise
    table = selection.model._meta.db_table
    aggregate = "array_agg(q.node::text ORDER BY q.id), '{}'" if texts else "json_agg(q.node ORDER BY q.id), '[]'::json"
    sql = (
        f"SELECT coalesce({aggregate}) AS nodes "
        f'FROM (SELECT {alias}.id, {obj} AS node FROM "{table}" {alias} WHERE {alias}.id {ids}) q'
    )
    return sql, builder.scopes


def fill_scopes(sql: str, scopes: list[ScopeSlot], condition: Callable[[str, str, Any], str]) -> str:
    """`sql` with each scoped relation's placeholder replaced by `condition(alias, resource, model)`."""
    for alias, resource, model in scopes:
        sql = sql.replace(scope_placeholder(alias), condition(alias, resource, model), 1)
    return sql


IDS = "%PAGE_IDS%"  # where `with_page` puts the page's IDs into a cached `page_sql(selection, IDS)`


def with_page(nodes_sql: str, page: str, size: int) -> str:
    """One statement for a page: `page` selects the IDs under the scope (one more than `size`, in ID order, with its
    own parameters), `nodes_sql` a `page_sql(selection, IDS, texts=True)`. It returns the page's IDs and the JSON
    texts of its first `size` nodes, both as arrays."""
    nodes = nodes_sql.replace(IDS, f"IN (SELECT id FROM page ORDER BY id LIMIT {int(size)})")
    return (
        f"WITH page AS ({page}) SELECT (SELECT coalesce(array_agg(id ORDER BY id), '{{}}') FROM page) AS ids, "
        f"({nodes}) AS nodes"
    )


def has_computed(selection: Selection) -> bool:
    return any(
        isinstance(item, Computed) or (isinstance(item, Relation) and has_computed(item.target))
        for item in selection.items
    )


def finish(selection: Selection, objects: list[Any], can: Any) -> None:
    """Replace, in the objects the statement of `page_sql` built, each computed field's columns with its value: the
    function its resolver calls, given the same columns."""
    for item in selection.items:
        if isinstance(item, Computed):
            for obj in objects:
                obj[item.key] = item.compute(obj[item.key], can)
        elif isinstance(item, Relation) and has_computed(item.target):
            found = [o[item.key] for o in objects]
            targets = [t for group in found for t in group] if item.kind == "many" else [t for t in found if t]
            finish(item.target, targets, can)
