"""The planned read path: a query the planner understands is answered from SQL rows directly, without a resolver
call or an ORM object per field; every other operation runs through Strawberry as before (see `plan` and `run`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson
from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules, validate

from graphql_api.planner.plan import OperationPlan, compile_operation
from graphql_api.planner.run import Ordinary, run_plan
from permissions.principal import Principal


class PlannedReads:
    def __init__(self, schema: GraphQLSchema, *, max_page_size: int, max_depth: int, max_tokens: int) -> None:
        self.schema = schema
        self.max_page_size = max_page_size
        self.max_depth = max_depth
        self.max_tokens = max_tokens
        self._document = lru_cache(maxsize=512)(self._parse_and_validate)
        self._plan = lru_cache(maxsize=1024)(self._compile)
        # graphql-core's rules and the schema's own (Strawberry's depth and alias limiters), so that a document the
        # ordinary path refuses is never answered here.
        self._rules = [*specified_rules]
        for extension in schema._strawberry_schema.extensions:  # type: ignore[attr-defined]
            instance = extension() if callable(extension) else extension
            self._rules.extend(getattr(instance, "validation_rules", ()))

    def _parse_and_validate(self, query: str) -> DocumentNode | None:
        """The document when it is valid and within the limits; None sends it the ordinary way, which reports why."""
        try:
            document = parse(query, max_tokens=self.max_tokens)
        except GraphQLError:
            return None
        if validate(self.schema, document, self._rules):
            return None
        return document

    async def answer(self, body: Any, principal: Principal | None, context: Any = None) -> dict[str, Any] | None:
        """The response to a POSTed operation, or None when the ordinary path must answer it. `context` (the
        request's, as Strawberry's resolvers get it) lets the fields the planner leaves be answered the ordinary
        way inside a planned operation; without it such operations run the ordinary way entirely."""
        if not isinstance(body, dict) or body.get("extensions"):
            return None  # persisted queries are resolved before (server.graphql_app); other extensions: Strawberry
        query, variables, name = body.get("query"), body.get("variables") or {}, body.get("operationName")
        if not isinstance(query, str) or not isinstance(variables, dict) or not isinstance(name, str | None):
            return None
        try:
            key = (query, name, orjson.dumps(variables, option=orjson.OPT_SORT_KEYS))
        except TypeError:
            return None
        plan = self._plan(key)
        if plan is None:
            return None
        ordinary = None
        if context is not None:
            executor = self.schema._strawberry_schema.execution_context_class  # type: ignore[attr-defined]
            ordinary = Ordinary(self.schema, executor, context)
        return await run_plan(plan, principal, self.max_page_size, ordinary)

    def _compile(self, key: tuple[str, str | None, bytes]) -> OperationPlan | None:
        """The plan of a document for its variables; a plan holds no principal and no rows (a list's rows are built
        when it runs), so it serves every request that sends the same document and variables."""
        query, name, variables = key
        document = self._document(query)
        if document is None:
            return None
        return compile_operation(self.schema, document, name, orjson.loads(variables))
