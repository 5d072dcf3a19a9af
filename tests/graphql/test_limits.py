"""Query depth, token and alias limits, and masking of internal errors."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from graphql_api.errors import is_client_error
from graphql_api.schema import build_schema
from tests.conftest import Api


async def test_a_query_deeper_than_the_limit_is_refused(api: Api) -> None:
    nested = "parent { " * 14 + "name" + " }" * 14
    body = await api.query('{ agency(code: "南排河") { ' + nested + " } }", as_user="nph_zhang")
    assert body["data"] is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_a_query_with_too_many_aliases_is_refused(api: Api) -> None:
    aliases = " ".join(f"a{i}: me {{ roles }}" for i in range(40))
    body = await api.query("{ " + aliases + " }", as_user="nph_zhang")
    assert body["data"] is None
    assert "aliases" in body["errors"][0]["message"]


async def test_a_syntax_error_is_reported_not_masked(api: Api) -> None:
    body = await api.query("{ cases { ", as_user="nph_zhang")
    assert "Syntax Error" in body["errors"][0]["message"]


def is_client_error_masked(error: GraphQLError) -> bool:
    return not is_client_error(error)


async def test_an_unexpected_error_is_masked() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        def broken(self) -> str:
            raise RuntimeError("password=hunter2 leaked from deep inside")

    from strawberry.extensions import MaskErrors

    schema = strawberry.Schema(Query, extensions=[lambda: MaskErrors(should_mask_error=is_client_error_masked)])
    result = await schema.execute("{ broken }")
    assert result.errors is not None
    assert result.errors[0].message == "Unexpected error."


def test_the_production_schema_masks_errors() -> None:
    factories = build_schema(debug=False).extensions
    extensions = {type(factory()).__name__ for factory in factories}
    # The depth and alias limits are AddValidationRules with rules built once (their behaviour is tested above).
    wanted = {"StreamMaskErrors", "MaxTokensLimiter", "AddValidationRules", "ParserCache", "ValidationCache"}
    assert wanted <= extensions
