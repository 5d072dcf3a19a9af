"""The transfer procedure through GraphQL and the documents route: typed payload errors, FORBIDDEN, documents."""

from __future__ import annotations

from typing import Any

from models import Agency, Case, Matter, Transfer, User
from tests.conftest import Api, error_codes
from tests.graphql.matrix_world import gid

START = """mutation($input: StartTransferInput!) {
  startTransfer(input: $input) {
    transfer { id status documentUrl proposedReceiver { code } receiver { code }
               officers { isLead officer { username } } items { id perishable } materials { isOriginal }
               timeline { type } }
    errors { code field message } } }"""
SEND = "mutation($t: ID!) { sendTransfer(transfer: $t) { transfer { status documentNumber } errors { code } } }"
RECEIVE = """mutation($t: ID!) { confirmReceipt(transfer: $t, input: {place: "收文室", witness: "陈静"}) {
  transfer { status receipt { documentUrl method receivedBy { username } } } errors { code } } }"""


async def _case(number: str) -> str:
    nph, market = await Agency.get(code="南排河"), await Agency.get(code="黄骅市监")
    matter = await Matter.get(code="SC-009")
    case = await Case.create(number=number, title="API 移送", agency=nph, territory=nph, matter=matter,
                             facts="测试", discovered_at="2026-11-01T00:00:00+08:00")  # fmt: skip
    assert market.id != nph.id
    return gid("Case", case.id)


async def _users(*names: str) -> list[str]:
    return [gid("User", (await User.get(username=n)).id) for n in names]


def _input(case: str, officers: list[str], **extra: Any) -> dict[str, Any]:
    return {"case": case, "officers": officers, "reason": "依法移送", **extra,
            "items": [{"name": "冷冻海产品", "quantity": "35 千克", "perishable": True}],
            "materials": [{"name": "现场检查笔录"}]}  # fmt: skip


async def test_a_transfer_with_one_officer_is_refused_in_the_payload_and_writes_nothing(api: Api) -> None:
    """R-A2 through the API."""
    case = await _case("API-one-officer")
    before = await Transfer.all().count()
    body = await api.data(START, {"input": _input(case, await _users("nph_zhang"))}, as_user="nph_zhang")
    message = "a transfer needs two or more officers"
    assert body["startTransfer"] == {
        "transfer": None,
        "errors": [{"code": "NOT_ENOUGH_OFFICERS", "field": "officers", "message": message}],
    }
    assert await Transfer.all().count() == before


async def test_start_send_receive_and_print_through_the_api(api: Api) -> None:
    """R-A1/R-A2 through the API: the proposal, the numbered letter, the receipt and both documents."""
    case = await _case("API-path")
    started = (await api.data(START, {"input": _input(case, await _users("nph_zhang", "nph_li"))},
                              as_user="nph_zhang"))["startTransfer"]  # fmt: skip
    assert started["errors"] == []
    transfer = started["transfer"]
    assert transfer["status"] == "DRAFT" and transfer["receiver"]["code"] == transfer["proposedReceiver"]["code"]
    assert [o["isLead"] for o in transfer["officers"]] == [True, False]
    assert transfer["timeline"] == [{"type": "transfer.started"}]
    assert error_codes(await api.query(SEND, {"t": transfer["id"]}, as_user="nph_zhang")) == ["FORBIDDEN"]
    sent = (await api.data(SEND, {"t": transfer["id"]}, as_user="nph_leader"))["sendTransfer"]
    assert sent["transfer"]["status"] == "SENT" and "〔" in sent["transfer"]["documentNumber"]
    again = (await api.data(SEND, {"t": transfer["id"]}, as_user="nph_leader"))["sendTransfer"]
    assert again["errors"] == [{"code": "INVALID_STATE"}]
    received = (await api.data(RECEIVE, {"t": transfer["id"]}, as_user="scj_liu"))["confirmReceipt"]
    assert received["transfer"]["status"] == "RECEIVED"
    receipt_url = received["transfer"]["receipt"]["documentUrl"]

    token = await api.token("scj_liu")
    letter = await api.client.get(transfer["documentUrl"], headers={"Authorization": f"Bearer {token}"})
    assert letter.status_code == 200 and sent["transfer"]["documentNumber"] in letter.text
    assert "移送案件涉案物品清单" in letter.text and "冷冻海产品" in letter.text
    receipt = await api.client.get(receipt_url, headers={"Authorization": f"Bearer {token}"})
    assert receipt.status_code == 200 and "送达回证" in receipt.text and "收文室" in receipt.text

    assert (await api.client.get(transfer["documentUrl"])).status_code == 401
    other = await api.token("hhz_ma")
    assert (await api.client.get(transfer["documentUrl"], headers={"Authorization": f"Bearer {other}"})).status_code \
        == 404  # fmt: skip
    registrar = await api.token("nph_registrar")
    assert (await api.client.get(transfer["documentUrl"], headers={"Authorization": f"Bearer {registrar}"})) \
        .status_code == 404  # fmt: skip


async def test_propose_receiver_explains_the_catalog(api: Api) -> None:
    """R-A1 through the API."""
    case = await _case("API-propose")
    body = await api.data("query($c: ID!) { proposeReceiver(case: $c) { agency { code } explanation } }", {"c": case},
                          as_user="nph_zhang")  # fmt: skip
    assert body["proposeReceiver"]["agency"]["code"] == "黄骅市监"
    assert "SC-009" in body["proposeReceiver"]["explanation"]


async def test_a_value_too_long_for_its_column_is_a_typed_error_and_writes_nothing(api: Api) -> None:
    case = await _case("API-too-long")
    before = await Transfer.all().count()
    data = _input(case, await _users("nph_zhang", "nph_li"))
    data["items"] = [{"name": "冻" * 300, "quantity": "1"}]
    body = await api.data(START, {"input": data}, as_user="nph_zhang")
    assert body["startTransfer"]["transfer"] is None
    assert body["startTransfer"]["errors"][0]["code"] == "INVALID_INPUT"
    assert body["startTransfer"]["errors"][0]["field"] == "name"
    assert await Transfer.all().count() == before
    assert (await Case.get(number="API-too-long")).status.value == "open"
