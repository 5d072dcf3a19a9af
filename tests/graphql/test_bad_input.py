"""Bad input of every kind gets a clear error and never an HTTP 500."""

from __future__ import annotations

import pytest

from tests.conftest import Api, error_codes


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        ("{ cases(filter: {status: [NOPE]}) { totalCount } }", {}, "does not exist in 'CaseStatus'"),
        ("query($n: Int) { cases(first: $n) { totalCount } }", {"n": "ten"}, "Int cannot represent"),
        ("{ cases(first: 1.5) { totalCount } }", {}, "Int cannot represent"),
        ("{ nosuchfield }", {}, "Cannot query field 'nosuchfield'"),
        ('{ cases(filter: {discoveredFrom: "yesterday"}) { totalCount } }', {}, "DateTime"),
    ],
)
async def test_invalid_documents_and_variables_are_explained(
    api: Api, query: str, variables: dict[str, object], expected: str
) -> None:
    body = await api.query(query, variables, as_user="nph_zhang")
    assert body["data"] is None
    assert expected in body["errors"][0]["message"]


async def test_a_body_that_is_not_json_is_a_400(api: Api) -> None:
    response = await api.client.post("/graphql", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400


async def test_a_get_without_a_query_is_a_400(api: Api) -> None:
    response = await api.client.get("/graphql", headers={"Accept": "application/json"})
    assert response.status_code == 400


async def test_mutations_are_refused_over_get(api: Api) -> None:
    response = await api.client.get(
        "/graphql",
        params={"query": 'mutation { login(username: "a", password: "b") { token } }'},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert "mutations are not allowed" in response.text.lower()


async def test_a_huge_document_is_refused_by_the_token_limit(api: Api) -> None:
    fields = " ".join(["number"] * 5000)
    body = await api.query("{ cases { edges { node { " + fields + " } } } }", as_user="nph_zhang")
    assert body["data"] is None
    assert "token" in body["errors"][0]["message"].lower()
    assert error_codes(body) == [""]
