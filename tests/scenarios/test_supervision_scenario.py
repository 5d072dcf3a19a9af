"""R-G1 and R-G2 from first act to last, through GraphQL: an agency names its responsible head; the supervisor's
statistics per agency and period reflect exactly the acts done in the scenario (transfers sent, received and disputed,
assistance asked and answered, clues registered, passed on and fed back), and the audit trail shows who did what,
refused attempts included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.scenarios.support import (
    Api,
    agency_gid,
    events_seen,
    forbidden,
    gid,
    invalid,
    matter_gid,
    node,
    patrol_case,
    user_gid,
)

APPOINT = """mutation($a: ID!, $u: ID!) { appointResponsibleHead(agency: $a, user: $u) {
  agency { code head { username } } errors { code field message } } }"""
HEAD = "query($c: String!) { agency(code: $c) { head { username displayName } } }"
STATS = """query($from: DateTime!, $to: DateTime!, $a: [ID!]) { statistics(from: $from, to: $to, agencies: $a) {
  agency { code } transfersSent transfersReceived transfersDisputed avgDaysToReceipt avgDaysToAcceptance
  assistanceAsked assistanceAnswered assistanceAnsweredOnTime cluesRegistered cluesPassedOn clueFeedbackGiven } }"""
START = """mutation($input: StartTransferInput!) { startTransfer(input: $input) {
  transfer { id status receiver { code } } errors { code field } } }"""
SEND = "mutation($t: ID!) { sendTransfer(transfer: $t) { transfer { status } errors { code } } }"
RECEIVE = """mutation($t: ID!) { confirmReceipt(transfer: $t, input: {place: "收文室"}) {
  transfer { status } errors { code } } }"""
ACCEPT = "mutation($t: ID!) { acceptTransfer(transfer: $t) { transfer { status } errors { code } } }"
DISPUTE = """mutation($t: ID!) { disputeTransfer(transfer: $t, reason: "涉案冻品系渔获物,属农业农村部门管辖") {
  transfer { status } errors { code } } }"""
ASK = """mutation($a: ID!) { requestAssistance(input: {requested: $a, kind: INFORMATION, needed: "请提供许可信息"}) {
  assistanceRequest { id status } errors { code } } }"""
ANSWER = """mutation($r: ID!) { answerAssistance(request: $r, reply: "许可信息见附件") {
  assistanceRequest { status } errors { code } } }"""
REGISTER = """mutation($m: ID!) { registerClue(input: {channel: PHONE, content: "举报冷库存放来源不明冻品", matter: $m,
  complainant: {name: "周先生", phone: "13903170003"}}) { clue { id status } errors { code } } }"""
PASS_ON = "mutation($c: ID!) { passOnClue(clue: $c) { clue { status } errors { code } } }"
RESULT = (
    """mutation($c: ID!) { reportClueResult(clue: $c, result: "已立案查处") { clue { status } errors { code } } }"""
)
DENIED = """query($after: String) { events(first: 100, after: $after, filter: {types: ["access.denied"]}) {
  pageInfo { hasNextPage endCursor }
  edges { node { type occurredAt actor { username } agency { code } payload } } } }"""


async def test_r_g1_an_agency_names_its_responsible_head_and_the_supervisor_sees_who(api: Api) -> None:
    """R-G1: the agency's administrator names an active member of the agency as the responsible head for this work;
    the appointment is in the audit trail. Each refused or invalid step is a typed error and writes nothing."""
    nph, market = await agency_gid("南排河"), await agency_gid("黄骅市监")
    li, leader = await user_gid("nph_li"), await user_gid("nph_leader")
    assert (await api.data(HEAD, {"c": "南排河"}, as_user="nph_zhang"))["agency"]["head"]["username"] == "nph_leader"

    # Only the agency's own administrator names its head, and only one of its members.
    await forbidden(api, APPOINT, {"a": nph, "u": li}, as_user="nph_zhang")
    await forbidden(api, APPOINT, {"a": market, "u": await user_gid("scj_liu")}, as_user="nph_admin")
    await invalid(api, APPOINT, {"a": nph, "u": await user_gid("scj_liu")}, as_user="nph_admin", code="NOT_OF_AGENCY",
                  field="user")  # fmt: skip
    await invalid(api, APPOINT, {"a": nph, "u": gid("User", 999_999)}, as_user="nph_admin", code="NOT_OF_AGENCY",
                  field="user")  # fmt: skip
    await invalid(api, APPOINT, {"a": gid("Agency", 999_999), "u": li}, as_user="admin", code="NOT_FOUND",
                  field="agency")  # fmt: skip
    assert (await api.data(HEAD, {"c": "南排河"}, as_user="sfj_supervisor"))["agency"]["head"]["username"] == (
        "nph_leader")  # fmt: skip

    try:
        # 1. The administrator names 李娜; everyone signed in, the supervisor included, reads who it is.
        appointed = (await api.data(APPOINT, {"a": nph, "u": li}, as_user="nph_admin"))["appointResponsibleHead"]
        assert appointed == {"agency": {"code": "南排河", "head": {"username": "nph_li"}}, "errors": []}
        for user, username in (("sfj_supervisor", "nph_li"), ("scj_liu", None)):  # another agency: the public part
            head = (await api.data(HEAD, {"c": "南排河"}, as_user=user))["agency"]["head"]
            assert head == {"username": username, "displayName": "李娜"}
        # 2. The appointment is in the audit trail of the agency and of the supervisor.
        for user in ("nph_admin", "sfj_supervisor"):
            trail = await events_seen(api, "agency", nph, ["agency.head_appointed"], as_user=user)
            assert trail[-1:] == ["agency.head_appointed"]
    finally:
        # 3. The seeds' head is named again (other tests read it).
        back = (await api.data(APPOINT, {"a": nph, "u": leader}, as_user="nph_admin"))["appointResponsibleHead"]
        assert back["agency"]["head"] == {"username": "nph_leader"}


async def _statistics(api: Api, period: dict[str, Any]) -> dict[str, dict[str, Any]]:
    rows = (await api.data(STATS, period, as_user="sfj_supervisor"))["statistics"]
    return {row["agency"]["code"]: row for row in rows}


async def _transfer(api: Api, number: str, officers: list[str]) -> str:
    case = await patrol_case(number, agency="南排河", matter="SC-009", title="销售来源不明冷冻海产品")
    started = (await api.data(START, {"input": {"case": case, "officers": officers, "reason": "依法移送",
                                                "materials": [{"name": "现场检查笔录"}]}},
                              as_user="nph_zhang"))["startTransfer"]  # fmt: skip
    assert started["errors"] == [] and started["transfer"]["receiver"] == {"code": "黄骅市监"}
    transfer: str = started["transfer"]["id"]
    return transfer


async def test_r_g2_the_statistics_reflect_the_acts_of_the_scenario_and_the_trail_shows_who_did_them(
    api: Api,
) -> None:
    """R-G2: statistics per agency and period, computed by the supervisor's query, count exactly what the scenario
    did; a refused attempt changes no figure but is in the audit trail the supervisor reads."""
    nph, market = await agency_gid("南排河"), await agency_gid("黄骅市监")
    now = datetime.now(UTC)
    period = {"from": (now - timedelta(minutes=1)).isoformat(), "to": (now + timedelta(hours=1)).isoformat(),
              "a": [nph, market]}  # fmt: skip
    before = await _statistics(api, period)
    officers = [await user_gid("nph_zhang"), await user_gid("nph_li")]

    # Transfers: two sent by Nanpaihe and received by the market regulator, which takes one and disputes the other.
    # The officer's attempt to send (a leader's act) is refused.
    taken = await _transfer(api, "SCN-G2-移送-1", officers)
    refused_at = datetime.now(UTC)
    await forbidden(api, SEND, {"t": taken}, as_user="nph_zhang")
    disputed = await _transfer(api, "SCN-G2-移送-2", officers)
    for transfer in (taken, disputed):
        assert (await api.data(SEND, {"t": transfer}, as_user="nph_leader"))["sendTransfer"]["errors"] == []
        assert (await api.data(RECEIVE, {"t": transfer}, as_user="scj_liu"))["confirmReceipt"]["errors"] == []
    accepted = (await api.data(ACCEPT, {"t": taken}, as_user="scj_liu"))["acceptTransfer"]
    assert accepted["transfer"]["status"] == "ACCEPTED"
    disputing = (await api.data(DISPUTE, {"t": disputed}, as_user="scj_chen"))["disputeTransfer"]
    assert disputing["transfer"]["status"] == "DISPUTED"

    # Assistance: the market regulator is asked twice and answers once, on time.
    asked = [(await api.data(ASK, {"a": market}, as_user="nph_li"))["requestAssistance"]["assistanceRequest"]["id"]
             for _ in range(2)]  # fmt: skip
    assert (await api.data(ANSWER, {"r": asked[0]}, as_user="scj_liu"))["answerAssistance"]["errors"] == []

    # Clues: Nanpaihe registers two, passes one on; the market regulator reports its result.
    kept = await matter_gid("SC-009")
    clues = [(await api.data(REGISTER, {"m": kept}, as_user="nph_registrar"))["registerClue"]["clue"]["id"]
             for _ in range(2)]  # fmt: skip
    assert (await api.data(PASS_ON, {"c": clues[0]}, as_user="nph_registrar"))["passOnClue"]["errors"] == []
    assert (await api.data(RESULT, {"c": clues[0]}, as_user="scj_liu"))["reportClueResult"]["errors"] == []

    # The supervisor's statistics for the period changed by exactly these acts, and by nothing else.
    after = await _statistics(api, period)
    counts = [k for k in after["南排河"] if k != "agency" and not k.startswith("avg")]
    delta = {code: {k: after[code][k] - before[code][k] for k in counts if after[code][k] != before[code][k]}
             for code in ("南排河", "黄骅市监")}  # fmt: skip
    assert delta == {
        "南排河": {"transfersSent": 2, "cluesRegistered": 2, "cluesPassedOn": 1},
        "黄骅市监": {"transfersReceived": 2, "transfersDisputed": 1, "assistanceAsked": 2, "assistanceAnswered": 1,
                     "assistanceAnsweredOnTime": 1, "clueFeedbackGiven": 1},
    }  # fmt: skip
    assert after["黄骅市监"]["avgDaysToReceipt"] is not None and after["黄骅市监"]["avgDaysToAcceptance"] is not None

    # A leader reads its own agency's figures only; an officer reads none.
    own = (await api.data(STATS, period, as_user="nph_leader"))["statistics"]
    assert [r["agency"]["code"] for r in own] == ["南排河"] and own[0] == after["南排河"]
    await forbidden(api, STATS, period, as_user="scj_liu")

    # The audit trail: who did what, and when, on the transfer; and the refused attempt to send it.
    timeline = await node(api, taken, "timeline { type actor { username } occurredAt }", as_user="sfj_supervisor")
    steps = [(e["type"], e["actor"]["username"]) for e in timeline["timeline"]]
    assert steps == [("transfer.started", "nph_zhang"), ("transfer.sent", "nph_leader"),
                     ("transfer.received", "scj_liu"), ("transfer.accepted", "scj_liu")]  # fmt: skip
    refused = [e for e in await _all(api, DENIED) if datetime.fromisoformat(e["occurredAt"]) >= refused_at
               and e["actor"] and e["actor"]["username"] == "nph_zhang"]  # fmt: skip
    assert [(e["payload"]["action"], e["payload"]["object"], e["agency"]["code"]) for e in refused] == [
        ("send", "transfer", "南排河")]  # fmt: skip


async def _all(api: Api, query: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after: str | None = None
    for _ in range(100):
        page = (await api.data(query, {"after": after}, as_user="sfj_supervisor"))["events"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("more than 100 pages of events")
