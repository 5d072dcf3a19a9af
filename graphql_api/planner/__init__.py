"""The planned read path: a query the planner understands is answered from SQL rows directly, without a resolver
call or an ORM object per field; every other operation runs through Strawberry as before (see `plan` and `run`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from graphql import DocumentNode, FieldNode, GraphQLError, GraphQLSchema, parse, validate

from graphql_api.planner.plan import compile_operation
from graphql_api.planner.run import run_plan
from permissions.principal import Principal


class PlannedReads:
    def __init__(self, schema: GraphQLSchema, *, max_page_size: int, max_depth: int, max_tokens: int) -> None:
        self.schema = schema
        self.max_page_size = max_page_size
        self.max_depth = max_depth
        self.max_tokens = max_tokens
        self._document = lru_cache(maxsize=512)(self._parse_and_validate)

    def _parse_and_validate(self, query: str) -> DocumentNode | None:
        """The document when it is valid and within the limits; None sends it the ordinary way, which reports why."""
        try:
            document = parse(query, max_tokens=self.max_tokens)
        except GraphQLError:
            return None
        if validate(self.schema, document) or _depth(document) >= self.max_depth - 1 or _aliases(document) > 30:
            return None
        return document

    async def answer(self, body: Any, principal: Principal | None) -> dict[str, Any] | None:
        """The response to a POSTed operation, or None when the ordinary path must answer it."""
        if not isinstance(body, dict) or body.get("extensions"):
            return None  # persisted queries are resolved before (server.graphql_app); other extensions: Strawberry
        query, variables, name = body.get("query"), body.get("variables") or {}, body.get("operationName")
        if not isinstance(query, str) or not isinstance(variables, dict) or not isinstance(name, str | None):
            return None
        document = self._document(query)
        if document is None:
            return None
        plan = compile_operation(self.schema, document, name, variables)
        if plan is None:
            return None
        return await run_plan(plan, principal, self.max_page_size)


def _depth(node: Any, level: int = 0) -> int:
    selections = getattr(getattr(node, "selection_set", None), "selections", None) or []
    children = [s for s in selections if isinstance(s, FieldNode)]
    if isinstance(node, DocumentNode):
        return max((_depth(d, 0) for d in node.definitions), default=0)
    return max((_depth(c, level + 1) for c in children), default=level)


def _aliases(document: DocumentNode) -> int:
    count = 0

    def walk(node: Any) -> None:
        nonlocal count
        for child in getattr(getattr(node, "selection_set", None), "selections", None) or []:
            count += 1 if getattr(child, "alias", None) else 0
            walk(child)

    for definition in document.definitions:
        walk(definition)
    return count
