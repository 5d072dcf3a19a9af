"""Automatic persisted queries: the hash alone once the server has seen the document, on both execution paths."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from tests.conftest import Api

PLANNED = "query($n: Int) { cases(first: $n) { edges { node { number } } } }"
ORDINARY = "{ me { agency { code } } }"


def _hash(document: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(document.encode()).hexdigest()}}


async def _post(client: httpx.AsyncClient, token: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


async def test_a_hash_alone_runs_the_document_sent_once_with_it(api: Api, client: httpx.AsyncClient) -> None:
    token = await api.token("nph_zhang")
    for document, variables in ((PLANNED, {"n": 2}), (ORDINARY, {})):
        hashed = {"variables": variables, "extensions": _hash(document)}
        unknown = await _post(client, token, hashed)
        assert unknown["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        full = await _post(client, token, {**hashed, "query": document})
        assert "errors" not in full
        assert await _post(client, token, hashed) == full
        plain = await _post(client, token, {"query": document, "variables": variables})
        assert plain == full


async def test_a_hash_that_does_not_match_its_document_is_refused(api: Api, client: httpx.AsyncClient) -> None:
    token = await api.token("nph_zhang")
    wrong = await _post(client, token, {"query": ORDINARY, "extensions": _hash(PLANNED)})
    assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    odd = await _post(client, token, {"query": ORDINARY, "extensions": {"persistedQuery": {"version": 2}}})
    assert odd["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"
