"""On PostgreSQL, a page's nodes as one statement that builds their JSON, relations nested as sub-selects, the way
PostGraphile does: the database returns the response's objects, Python only places them.

Every leaf is rendered exactly as the GraphQL layer would render the Python value (`datetime.isoformat()`, enum
names, global IDs in base64); a selection with anything else (a computed field, another scalar) returns None and is
answered row by row (`run.py`). The differential test holds both to the ordinary path's JSON.
"""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLScalarType

from graphql_api.planner.plan import Constant, GlobalId, Leaf, Relation, Selection

_MAX_PAIRS = 50  # json_build_object takes at most 100 arguments


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


class JsonSql:
    def __init__(self) -> None:
        self._aliases = 0

    def _alias(self) -> str:
        self._aliases += 1
        return f"t{self._aliases}"

    def object(self, selection: Selection, alias: str) -> str | None:
        """`json_build_object(...)` of one row of `selection` whose table is aliased `alias`; None if not all SQL."""
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
            else:
                return None  # computed: answered row by row
            pairs.append(f"{_literal(item.key)}, {value}")
        if len(pairs) > _MAX_PAIRS:
            return None
        return f"json_build_object({', '.join(pairs)})"

    def relation(self, relation: Relation, parent: str, parent_columns: dict[str, str]) -> str | None:
        target = relation.target
        table = target.model._meta.db_table
        alias = self._alias()
        inner = self.object(target, alias)
        if inner is None:
            return None
        if relation.kind == "one":
            source = parent_columns[relation.column]
            return f'(SELECT {inner} FROM "{table}" {alias} WHERE {alias}.id = {parent}."{source}")'
        fk = target.model._meta.fields_db_projection[relation.column]
        return (
            f"(SELECT coalesce(json_agg({inner} ORDER BY {alias}.id), '[]'::json) "
            f'FROM "{table}" {alias} WHERE {alias}."{fk}" = {parent}.id)'
        )


def page_sql(selection: Selection) -> str | None:
    """The statement for a page of nodes: `$1` the IDs in page order; it returns one JSON array, or None when a
    field of the selection is not rendered in SQL."""
    builder = JsonSql()
    alias = builder._alias()
    obj = builder.object(selection, alias)
    if obj is None:
        return None
    table = selection.model._meta.db_table
    return (
        "SELECT coalesce(json_agg(q.node ORDER BY q.id), '[]'::json) AS nodes "
        f'FROM (SELECT {alias}.id, {obj} AS node FROM "{table}" {alias} WHERE {alias}.id = ANY($1::bigint[])) q'
    )
