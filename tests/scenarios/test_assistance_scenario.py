"""R-D1 from first act to last, through GraphQL: a township asks a county department in writing for help on its case;
the department answers every request (provides, provides in part, or refuses with its reason, never without one), and
the township takes a refusal to the common superior of the two."""

from __future__ import annotations

from typing import Any

from models.enums import Role
from tests.scenarios.support import (
    Api,
    agency_gid,
    events_seen,
    extra_user,
    forbidden,
    hidden,
    invalid,
    node,
    patrol_case,
)

REQUEST_FIELDS = """id number kind needed reason basis wantedBy contact status sentAt answerDeadline replyText
  refusalReason repliedAt escalatedAt superior { code } requester { code } requested { code } case { id }"""
REQUEST = f"""mutation($input: RequestAssistanceInput!) {{ requestAssistance(input: $input) {{
  assistanceRequest {{ {REQUEST_FIELDS} }} errors {{ code field message }} }} }}"""
ANSWER = f"""mutation($r: ID!, $reply: String!, $partly: Boolean! = false) {{
  answerAssistance(request: $r, reply: $reply, partly: $partly) {{
    assistanceRequest {{ {REQUEST_FIELDS} }} errors {{ code field message }} }} }}"""
REFUSE = f"""mutation($r: ID!, $reason: String!) {{ refuseAssistance(request: $r, reason: $reason) {{
  assistanceRequest {{ {REQUEST_FIELDS} }} errors {{ code field message }} }} }}"""
ESCALATE = f"""mutation($r: ID!) {{ escalateAssistanceRefusal(request: $r) {{
  assistanceRequest {{ {REQUEST_FIELDS} }} errors {{ code field message }} }} }}"""
EVENTS = ["assistance.requested", "assistance.provided", "assistance.partly_provided", "assistance.refused",
          "assistance.escalated"]  # fmt: skip


def _letter(requested: str, **changes: Any) -> dict[str, Any]:
    return {"input": {"requested": requested, "kind": "DOCUMENTS", "needed": "请提供涉案经营户的食品经营许可档案",
                      "reason": "核实当事人是否取得许可", "wantedBy": "2026-12-10", "contact": "张伟 0317-5301001",
                      **changes}}  # fmt: skip


async def _ask(api: Api, requested: str, **changes: Any) -> dict[str, Any]:
    body = (await api.data(REQUEST, _letter(requested, **changes), as_user="nph_zhang"))["requestAssistance"]
    assert body["errors"] == []
    request: dict[str, Any] = body["assistanceRequest"]
    return request


async def test_r_d1_a_written_request_is_answered_in_full_or_in_part_and_the_township_reads_the_answer(
    api: Api,
) -> None:
    """R-D1: a numbered written request within the asked agency's powers, answered in full or in part; the requester
    reads the answer. Each refused or invalid step is a typed error and writes nothing."""
    market, nph = await agency_gid("黄骅市监"), await agency_gid("南排河")
    case = await patrol_case("SCN-D1-案1", agency="南排河", matter="SC-001", title="无证经营熟食")
    elsewhere = await patrol_case("SCN-D1-案2", agency="黄骅自规", matter="ZR-004", title="非本镇案件")

    # An agency does not ask itself; a request says what help is needed; it concerns a case the requester holds;
    # the registrar does not write assistance letters.
    await invalid(api, REQUEST, _letter(nph), as_user="nph_zhang", code="SAME_AGENCY", field="requested")
    await invalid(api, REQUEST, _letter(market, needed=" "), as_user="nph_zhang", code="REASON_REQUIRED",
                  field="needed")  # fmt: skip
    await invalid(api, REQUEST, _letter(market, case=elsewhere), as_user="nph_zhang", code="NOT_FOUND", field="case")
    await forbidden(api, REQUEST, _letter(market), as_user="nph_registrar")

    # 1. The township asks in writing: a numbered assistance letter with its answer deadline.
    asked = await _ask(api, market, case=case)
    assert asked["status"] == "SENT" and asked["number"].startswith("南排河协〔2026〕")
    assert asked["requester"] == {"code": "南排河"} and asked["requested"] == {"code": "黄骅市监"}
    assert asked["case"] == {"id": case} and asked["basis"] == "《中华人民共和国行政处罚法》第二十六条"
    assert asked["wantedBy"] == "2026-12-10" and asked["answerDeadline"] > asked["sentAt"]
    assert asked["repliedAt"] is None

    # The asked department sees the request, and the case it concerns; an uninvolved agency sees neither.
    seen = await node(api, asked["id"], "status needed requester { code }", as_user="scj_liu")
    assert seen == {"status": "SENT", "needed": "请提供涉案经营户的食品经营许可档案", "requester": {"code": "南排河"}}
    assert (await node(api, case, "number", as_user="scj_liu")) == {"number": "SCN-D1-案1"}
    await hidden(api, asked["id"], as_user="hhz_ma")
    await hidden(api, case, as_user="hhz_ma")

    # 2. Only the asked agency answers, and an answer says what is provided.
    await forbidden(api, ANSWER, {"r": asked["id"], "reply": "已提供"}, as_user="nph_li")
    await invalid(api, ANSWER, {"r": asked["id"], "reply": ""}, as_user="scj_liu", code="REASON_REQUIRED",
                  field="reply")  # fmt: skip
    provided = await api.data(ANSWER, {"r": asked["id"], "reply": "许可档案复印件三份,见附件"}, as_user="scj_liu")
    answer = provided["answerAssistance"]["assistanceRequest"]
    assert provided["answerAssistance"]["errors"] == []
    assert answer["status"] == "PROVIDED" and answer["replyText"] == "许可档案复印件三份,见附件" and answer["repliedAt"]

    # Every request is answered once: no second answer, no refusal after it, nothing to escalate.
    await invalid(api, ANSWER, {"r": asked["id"], "reply": "补充"}, as_user="scj_liu", code="INVALID_STATE")
    await invalid(api, REFUSE, {"r": asked["id"], "reason": "改为拒绝"}, as_user="scj_leader", code="INVALID_STATE")
    await invalid(api, ESCALATE, {"r": asked["id"]}, as_user="nph_zhang", code="INVALID_STATE")

    # 3. Another request is answered in part.
    partial = await _ask(api, market, kind="TECHNICAL_SUPPORT", needed="请对涉案熟食抽样检测菌落总数和大肠菌群")
    body = await api.data(ANSWER, {"r": partial["id"], "reply": "可检测菌落总数;大肠菌群需送市级机构", "partly": True},
                          as_user="scj_chen")  # fmt: skip
    assert body["answerAssistance"]["assistanceRequest"]["status"] == "PARTLY_PROVIDED"

    # 4. The township reads both answers, and what happened.
    for request, status in ((asked, "PROVIDED"), (partial, "PARTLY_PROVIDED")):
        read = await node(api, request["id"], "status replyText repliedAt", as_user="nph_zhang")
        assert read["status"] == status and read["replyText"] and read["repliedAt"]
    assert await events_seen(api, "assistance", asked["id"], EVENTS, as_user="nph_zhang") == [
        "assistance.requested", "assistance.provided"]  # fmt: skip
    assert await events_seen(api, "assistance", partial["id"], EVENTS, as_user="scj_leader") == [
        "assistance.requested", "assistance.partly_provided"]  # fmt: skip


async def test_r_d1_a_refusal_states_its_reason_and_goes_to_the_common_superior(api: Api) -> None:
    """R-D1: the asked agency may not shirk: a refusal is a leader's and states its reason (a refusal without one is
    refused); the requester takes the refusal to the common superior, which sees it."""
    market = await agency_gid("黄骅市监")
    asked = await _ask(api, market, kind="TECHNICAL_SUPPORT", needed="请派员协助对冷库冻品进行快速检测")

    # 1. An officer does not refuse; a refusal without a reason is refused, and the request still awaits its answer.
    await forbidden(api, REFUSE, {"r": asked["id"], "reason": "人手不足"}, as_user="scj_liu")
    await invalid(api, REFUSE, {"r": asked["id"], "reason": "  "}, as_user="scj_leader", code="REASON_REQUIRED",
                  field="reason")  # fmt: skip
    assert (await node(api, asked["id"], "status refusalReason", as_user="nph_zhang")) == {
        "status": "SENT", "refusalReason": ""}  # fmt: skip
    # Nothing to escalate before a refusal.
    await invalid(api, ESCALATE, {"r": asked["id"]}, as_user="nph_zhang", code="INVALID_STATE")

    # 2. The leader refuses, with the reason; the township reads it.
    reason = "快检设备送检校准,十二月中旬前无法出勤"
    refused = (await api.data(REFUSE, {"r": asked["id"], "reason": reason}, as_user="scj_leader"))["refuseAssistance"]
    assert refused["errors"] == []
    assert refused["assistanceRequest"]["status"] == "REFUSED" and refused["assistanceRequest"]["repliedAt"]
    assert (await node(api, asked["id"], "status refusalReason", as_user="nph_zhang")) == {
        "status": "REFUSED", "refusalReason": reason}  # fmt: skip
    await invalid(api, ANSWER, {"r": asked["id"], "reply": "改为提供"}, as_user="scj_liu", code="INVALID_STATE")

    # 3. The refused department cannot escalate on the requester's behalf; the township escalates to the common
    # superior: the city government, represented by its justice bureau, which designates for it.
    await forbidden(api, ESCALATE, {"r": asked["id"]}, as_user="scj_leader")
    escalated = (await api.data(ESCALATE, {"r": asked["id"]}, as_user="nph_zhang"))["escalateAssistanceRefusal"]
    assert escalated["errors"] == []
    request = escalated["assistanceRequest"]
    assert request["status"] == "ESCALATED" and request["superior"] == {"code": "黄骅司法"} and request["escalatedAt"]
    assert request["refusalReason"] == reason
    await invalid(api, ESCALATE, {"r": asked["id"]}, as_user="nph_zhang", code="INVALID_STATE")

    # 4. The superior (the justice bureau's supervisor) sees the escalated request and its trail; so do both sides.
    superior = await node(api, asked["id"], "status refusalReason superior { code }", as_user="sfj_supervisor")
    assert superior == {"status": "ESCALATED", "refusalReason": reason, "superior": {"code": "黄骅司法"}}
    trail = ["assistance.requested", "assistance.refused", "assistance.escalated"]
    for user in ("nph_zhang", "scj_leader", "sfj_supervisor"):
        assert await events_seen(api, "assistance", asked["id"], EVENTS, as_user=user) == trail, user


async def test_r_d1_an_officer_of_the_common_superior_opens_the_escalated_request(api: Api) -> None:
    """R-D1: the common superior takes up an escalated refusal: its officers, not only county-wide supervisors, read
    the request (as the superior of an escalated dispute reads the transfer)."""
    officer = await extra_user("scn_sfj_officer", agency="黄骅司法", role=Role.OFFICER)
    asked = await _ask(api, await agency_gid("黄骅市监"), needed="请提供该户近三年抽检记录")
    await api.data(REFUSE, {"r": asked["id"], "reason": "档案移交中"}, as_user="scj_leader")
    await api.data(ESCALATE, {"r": asked["id"]}, as_user="nph_zhang")
    # The event of the escalation is addressed to the superior, and its officer sees it ...
    assert await events_seen(api, "assistance", asked["id"], ["assistance.escalated"], as_user=officer) == [
        "assistance.escalated"]  # fmt: skip
    assert await node(api, asked["id"], "status", as_user=officer) == {"status": "ESCALATED"}
