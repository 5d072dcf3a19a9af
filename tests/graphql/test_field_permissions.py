"""Sensitive fields: a party's ID number and a complainant's contact details."""

from __future__ import annotations

from typing import Any

from models import Event, Party
from tests.conftest import Api, error_codes

CLUES = "{ clues(first: 100) { edges { node { number complainant { name phone address email } } } } }"
PARTIES = "{ cases(first: 100) { edges { node { parties { kind name idNumber } } } } }"


def _people(data: dict[str, Any]) -> list[dict[str, Any]]:
    edges = data["cases"]["edges"]
    return [p for edge in edges for p in edge["node"]["parties"] if p["kind"] == "PERSON"]


async def test_officers_read_id_numbers_of_the_cases_they_see(api: Api) -> None:
    people = _people(await api.data(PARTIES, as_user="nph_zhang"))
    assert people and all(p["idNumber"] for p in people)
    stored = {p.name: p.id_number for p in await Party.filter(kind="person")}
    assert all(p["idNumber"] == stored[p["name"]] for p in people)


async def test_an_integrator_key_sees_the_case_but_not_the_id_number(api: Api) -> None:
    agency = (await api.data('{ agency(code: "南排河") { id } }', as_user="nph_admin"))["agency"]["id"]
    created = await api.data(
        'mutation($a: ID!) { createApiKey(agency: $a, name: "字段测试") { secret } }',
        {"a": agency},
        as_user="nph_admin",
    )
    body = await api.query(PARTIES, authorization=f"Bearer {created['createApiKey']['secret']}")
    assert "errors" not in body
    people = _people(body["data"])
    assert people and all(p["idNumber"] is None for p in people)


async def test_the_registrar_handling_a_clue_reads_the_complainant_contact(api: Api) -> None:
    data = await api.data(CLUES, as_user="nph_registrar")
    named = [edge["node"]["complainant"] for edge in data["clues"]["edges"] if edge["node"]["complainant"]]
    assert named and all(c["phone"] == "13812345678" for c in named)


async def test_the_receiving_agencys_officer_reads_it_too(api: Api) -> None:
    data = await api.data(CLUES, as_user="scj_liu")
    named = [edge["node"]["complainant"] for edge in data["clues"]["edges"] if edge["node"]["complainant"]]
    assert named and all(c["phone"] for c in named)


async def test_a_supervisor_reads_the_clue_but_gets_forbidden_on_contact_and_it_is_audited(api: Api) -> None:
    before = await Event.filter(type="access.denied").count()
    body = await api.query(CLUES, as_user="sfj_supervisor")
    assert set(error_codes(body)) == {"FORBIDDEN"}
    assert {tuple(e["path"][-1:]) for e in body["errors"]} == {("phone",), ("address",), ("email",)}
    numbers = [edge["node"]["number"] for edge in body["data"]["clues"]["edges"]]
    assert numbers, "the rest of the answer is still there"
    denied = await Event.filter(type="access.denied").order_by("-id").first()
    assert denied is not None and denied.payload["action"] == "read_contact"
    added = await Event.filter(type="access.denied").count() - before
    # One audit row per refused (action, agencies) in a request, not one per field of every row.
    assert 1 <= added < len(body["errors"])
