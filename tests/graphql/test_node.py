"""`node(id:)` finds any object by its global ID, within the principal's scope, with typed errors otherwise."""

from __future__ import annotations

import base64

import pytest

from models import Agency, Case
from tests.conftest import Api, error_codes

NODE = "query Node($id: ID!) { node(id: $id) { __typename id ... on Agency { code } ... on Case { number } } }"


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


async def test_an_agency_is_found_by_its_global_id(api: Api) -> None:
    agency = await Agency.get(code="南排河")
    node = (await api.data(NODE, {"id": global_id("Agency", agency.id)}, as_user="nph_zhang"))["node"]
    assert node == {"__typename": "Agency", "id": global_id("Agency", agency.id), "code": "南排河"}


async def test_an_unknown_id_is_not_found(api: Api) -> None:
    body = await api.query(NODE, {"id": global_id("Agency", 987654)}, as_user="nph_zhang")
    assert error_codes(body) == ["NOT_FOUND"]
    assert body["data"] == {"node": None}


@pytest.mark.parametrize(
    "bad_id",
    [
        "not-base64!",
        global_id("NoSuchType", 1),
        global_id("Agency", 0)[:-2] + "xx",
        global_id("Agency", -3),
        global_id("AgencyConnection", 1),
    ],
)
async def test_a_malformed_id_is_bad_input(api: Api, bad_id: str) -> None:
    body = await api.query(NODE, {"id": bad_id}, as_user="nph_zhang")
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_case_of_an_unrelated_town_is_not_found(api: Api) -> None:
    other = await Case.filter(agency__code="黄骅镇").order_by("id").first()
    assert other is not None
    body = await api.query(NODE, {"id": global_id("Case", other.id)}, as_user="nph_zhang")
    assert error_codes(body) == ["NOT_FOUND"]
    node = (await api.data(NODE, {"id": global_id("Case", other.id)}, as_user="hhz_ma"))["node"]
    assert node["number"] == other.number
