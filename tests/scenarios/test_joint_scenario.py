"""R-C1 to R-C3 from first act to last, through GraphQL: a township convenes the departments concerned and records
the minutes with resolutions; it drafts a joint enforcement plan that each unit agrees to and the county government
approves when asked to; in the joint action each agency decides only within its own powers.

(Findings during a running plan are left out here: they are being built.)"""

from __future__ import annotations

from typing import Any

from models.enums import CaseSource
from tests.scenarios.support import (
    Api,
    agency_gid,
    city_leader,
    events_seen,
    forbidden,
    gid,
    hidden,
    invalid,
    node,
    patrol_case,
    refused_as_missing,
)

CONSULTATION = """id topic kind status scheduledAt heldAt minutes convener { code } participants { code }
  resolutions { text dueDate doneAt owner { code } }"""
CONVENE = f"""mutation($topic: String!, $kind: ConsultationKind!, $p: [ID!]!, $at: DateTime!) {{
  conveneConsultation(topic: $topic, kind: $kind, participants: $p, scheduledAt: $at) {{
    consultation {{ {CONSULTATION} }} plan {{ id }} errors {{ code field message }} }} }}"""
MINUTES = f"""mutation($c: ID!, $m: String!, $r: [ResolutionInput!]!) {{
  recordConsultationMinutes(consultation: $c, minutes: $m, resolutions: $r) {{
    consultation {{ {CONSULTATION} }} plan {{ id }} errors {{ code field message }} }} }}"""
PLAN = """id title content targets area legalBasis startsAt endsAt status needsApproval approvedAt lead { code }
  approver { code } units { duties agreedAt agency { code } }"""
DRAFT = f"""mutation($input: JointPlanInput!) {{ draftJointPlan(input: $input) {{
  plan {{ {PLAN} }} consultation {{ id }} errors {{ code field message }} }} }}"""
AGREE = f"""mutation($p: ID!) {{ agreeJointPlan(plan: $p) {{
  plan {{ {PLAN} }} consultation {{ id }} errors {{ code field message }} }} }}"""
APPROVE = f"""mutation($p: ID!) {{ approveJointPlan(plan: $p) {{
  plan {{ {PLAN} }} consultation {{ id }} errors {{ code field message }} }} }}"""
FILE = (
    """mutation($c: ID!) { fileCase(case: $c) { case { id status filedAt decisionDeadline } errors { code field } } }"""
)
DECIDE = """mutation($c: ID!, $s: String!) { decideCase(case: $c, summary: $s) {
  case { id status decidedAt decisionSummary agency { code } matter { code } } errors { code field message } } }"""
CONSULTATION_EVENTS = ["consultation.convened", "consultation.held"]
PLAN_EVENTS = ["joint_plan.drafted", "joint_plan.agreed", "joint_plan.approved"]
CITY_LEADER = "scn_city_leader"


def _consultation(participants: list[str], **changes: Any) -> dict[str, Any]:
    return {"topic": "渔港冷链食品联合整治行动", "kind": "MAJOR_JOINT_ACTION", "p": participants,
            "at": "2026-12-02T09:00:00+08:00", **changes}  # fmt: skip


def _plan(units: list[dict[str, str]], **changes: Any) -> dict[str, Any]:
    return {"input": {
        "title": "南排河渔港冷链食品联合执法方案", "content": "对渔港冷库及水产品经营户开展联合检查",
        "startsAt": "2026-12-07T08:00:00+08:00", "endsAt": "2026-12-11T18:00:00+08:00", "units": units,
        "targets": "渔港冷库12家、水产品经营户40户", "area": "南排河镇渔港区域",
        "legalBasis": "《中华人民共和国食品安全法》《中华人民共和国渔业法》", **changes,
    }}  # fmt: skip


async def test_r_c1_a_consultation_is_convened_held_and_its_resolutions_recorded_with_owners(api: Api) -> None:
    """R-C1: the township convenes the departments concerned about a major joint action; the convener records the
    minutes and the resolutions, each with an owner and a due date, and the participants read them. Each refused or
    invalid step is a typed error and writes nothing."""
    nph, market, agri = await agency_gid("南排河"), await agency_gid("黄骅市监"), await agency_gid("黄骅农业")

    # A consultation has a topic and other agencies taking part; the registrar does not convene.
    await invalid(api, CONVENE, _consultation([nph]), as_user="nph_zhang", code="NO_PARTICIPANTS",
                  field="participants")  # fmt: skip
    await invalid(api, CONVENE, _consultation([market], topic=" "), as_user="nph_zhang", code="REASON_REQUIRED",
                  field="topic")  # fmt: skip
    await forbidden(api, CONVENE, _consultation([market, agri]), as_user="nph_registrar")

    # 1. The township convenes it.
    convened = (await api.data(CONVENE, _consultation([market, agri, nph]), as_user="nph_zhang"))["conveneConsultation"]
    assert convened["errors"] == [] and convened["plan"] is None
    consultation = convened["consultation"]
    assert consultation["status"] == "SCHEDULED" and consultation["convener"] == {"code": "南排河"}
    assert sorted(p["code"] for p in consultation["participants"]) == ["黄骅农业", "黄骅市监"]
    assert consultation["heldAt"] is None and consultation["resolutions"] == []

    # The participants are told and see it; others do not.
    for user in ("scj_liu", "nyj_huang"):
        assert await events_seen(api, "consultation", consultation["id"], CONSULTATION_EVENTS, as_user=user) == [
            "consultation.convened"]  # fmt: skip
        assert (await node(api, consultation["id"], "topic", as_user=user)) == {"topic": "渔港冷链食品联合整治行动"}
    await hidden(api, consultation["id"], as_user="zrj_zhou")

    # 2. The minutes are the convener's to record, and they say something.
    resolutions = [{"text": "市场监管局牵头制定冷链食品检查方案", "owner": market, "dueDate": "2026-12-05"},
                   {"text": "农业农村局核查渔获物来源与捕捞许可", "owner": agri, "dueDate": "2026-12-06"}]  # fmt: skip
    await forbidden(api, MINUTES, {"c": consultation["id"], "m": "会议纪要", "r": resolutions}, as_user="scj_liu")
    await invalid(api, MINUTES, {"c": consultation["id"], "m": "  ", "r": resolutions}, as_user="nph_zhang",
                  code="REASON_REQUIRED", field="minutes")  # fmt: skip

    # 3. The convener records the minutes and the resolutions, each with its owner and due date.
    minutes = "会议明确市场监管、农业农村两部门职责分工,12月上旬开展联合检查"
    held = await api.data(MINUTES, {"c": consultation["id"], "m": minutes, "r": resolutions}, as_user="nph_li")
    held = held["recordConsultationMinutes"]
    assert held["errors"] == []
    assert held["consultation"]["status"] == "HELD" and held["consultation"]["heldAt"]
    assert held["consultation"]["minutes"] == minutes
    recorded = held["consultation"]["resolutions"]
    assert [(r["text"], r["owner"]["code"], r["dueDate"], r["doneAt"]) for r in recorded] == [
        ("市场监管局牵头制定冷链食品检查方案", "黄骅市监", "2026-12-05", None),
        ("农业农村局核查渔获物来源与捕捞许可", "黄骅农业", "2026-12-06", None),
    ]  # fmt: skip
    # Held once: the minutes are not recorded again (and no resolution is added).
    await invalid(api, MINUTES, {"c": consultation["id"], "m": "补充纪要", "r": resolutions[:1]}, as_user="nph_zhang",
                  code="INVALID_STATE")  # fmt: skip

    # 4. The participants read the minutes and their resolutions.
    read = await node(api, consultation["id"], "status minutes resolutions { owner { code } }", as_user="nyj_huang")
    assert read["status"] == "HELD" and read["minutes"] == minutes
    assert [r["owner"]["code"] for r in read["resolutions"]] == ["黄骅市监", "黄骅农业"]
    assert await events_seen(api, "consultation", consultation["id"], CONSULTATION_EVENTS, as_user="scj_leader") == (
        CONSULTATION_EVENTS)  # fmt: skip


async def test_r_c1_a_resolution_owned_by_an_unknown_agency_is_a_typed_error(api: Api) -> None:
    """R-C1: each resolution has an owner; an owner that does not exist is refused with a typed error (NOT_FOUND on
    `resolutions`, as draftJointPlan does for its units) and nothing is written."""
    market = await agency_gid("黄骅市监")
    consultation = (await api.data(CONVENE, _consultation([market], topic="法律适用问题会商", kind="LAW_APPLICATION"),
                                   as_user="nph_zhang"))["conveneConsultation"]["consultation"]  # fmt: skip
    unknown = [{"text": "由不存在的单位负责", "owner": gid("Agency", 999_999)}]
    await invalid(api, MINUTES, {"c": consultation["id"], "m": "纪要", "r": unknown}, as_user="nph_zhang",
                  code="NOT_FOUND", field="resolutions")  # fmt: skip


async def test_r_c2_a_joint_plan_is_agreed_by_each_unit_and_approved_by_the_county_government(api: Api) -> None:
    """R-C2: a plan states its content, time, participating units and each unit's duties; each unit agrees; when the
    township asks the county government to decide on it, the county government approves it."""
    market, agri = await agency_gid("黄骅市监"), await agency_gid("黄骅农业")
    approver = await city_leader(CITY_LEADER)
    units = [
        {"agency": market, "duties": "冷链食品索证索票及标签检查"},
        {"agency": agri, "duties": "渔获物来源及捕捞许可核查"},
    ]

    # A plan ends after it starts, states each unit's duties, has another unit; the registrar does not draft plans.
    await invalid(api, DRAFT, _plan(units, endsAt="2026-12-06T18:00:00+08:00"), as_user="nph_zhang",
                  code="INVALID_TIME", field="endsAt")  # fmt: skip
    await invalid(api, DRAFT, _plan([units[0], {"agency": agri, "duties": " "}]), as_user="nph_zhang",
                  code="DUTIES_REQUIRED", field="units")  # fmt: skip
    await invalid(api, DRAFT, _plan([]), as_user="nph_zhang", code="NO_PARTICIPANTS", field="units")
    await invalid(api, DRAFT, _plan([*units, {"agency": gid("Agency", 999_999), "duties": "x"}]), as_user="nph_zhang",
                  code="NOT_FOUND", field="units")  # fmt: skip
    await forbidden(api, DRAFT, _plan(units, needsApproval=True), as_user="nph_registrar")

    # 1. The township drafts the plan and leads it, asking the county government to decide on it.
    drafted = (await api.data(DRAFT, _plan(units, needsApproval=True), as_user="nph_zhang"))["draftJointPlan"]
    assert drafted["errors"] == []
    plan = drafted["plan"]
    assert plan["status"] == "DRAFT" and plan["needsApproval"] is True and plan["approvedAt"] is None
    assert plan["lead"] == {"code": "南排河"} and plan["approver"] == {"code": "黄政"}
    assert plan["targets"] and plan["area"] == "南排河镇渔港区域" and plan["legalBasis"]
    duties = {u["agency"]["code"]: (u["duties"], u["agreedAt"] is not None) for u in plan["units"]}
    assert duties == {"南排河": ("牵头组织", True), "黄骅市监": ("冷链食品索证索票及标签检查", False),
                      "黄骅农业": ("渔获物来源及捕捞许可核查", False)}  # fmt: skip

    # The units and the approver see the plan; an agency outside it does not, and does not agree to it.
    for user in ("scj_liu", "nyj_huang", approver):
        assert (await node(api, plan["id"], "status", as_user=user)) == {"status": "DRAFT"}
    await hidden(api, plan["id"], as_user="zrj_zhou")
    await refused_as_missing(api, AGREE, {"p": plan["id"]}, as_user="zrj_zhou", field="plan")
    # Not before every unit agreed is it approved.
    await invalid(api, APPROVE, {"p": plan["id"]}, as_user=approver, code="INVALID_STATE")

    # 2. Each unit agrees, once.
    first = (await api.data(AGREE, {"p": plan["id"]}, as_user="scj_liu"))["agreeJointPlan"]
    assert first["errors"] == [] and first["plan"]["status"] == "DRAFT"
    await invalid(api, AGREE, {"p": plan["id"]}, as_user="scj_chen", code="INVALID_STATE")
    await invalid(api, AGREE, {"p": plan["id"]}, as_user="nph_li", code="INVALID_STATE")  # the lead agreed drafting
    last = (await api.data(AGREE, {"p": plan["id"]}, as_user="nyj_huang"))["agreeJointPlan"]
    assert last["errors"] == [] and last["plan"]["status"] == "APPROVAL_PENDING"
    assert all(u["agreedAt"] for u in last["plan"]["units"])

    # 3. The county government approves; the township cannot approve its own plan.
    await forbidden(api, APPROVE, {"p": plan["id"]}, as_user="nph_leader")
    approved = (await api.data(APPROVE, {"p": plan["id"]}, as_user=approver))["approveJointPlan"]
    assert approved["errors"] == []
    assert approved["plan"]["status"] == "APPROVED" and approved["plan"]["approvedAt"]
    await invalid(api, APPROVE, {"p": plan["id"]}, as_user=approver, code="INVALID_STATE")

    # 4. Every unit reads the approved plan and what happened to it.
    for user in ("nph_zhang", "scj_leader", "nyj_huang"):
        assert (await node(api, plan["id"], "status", as_user=user)) == {"status": "APPROVED"}
        assert await events_seen(api, "joint_plan", plan["id"], PLAN_EVENTS, as_user=user) == [
            "joint_plan.drafted", "joint_plan.agreed", "joint_plan.agreed", "joint_plan.approved"], user  # fmt: skip


async def test_r_c2_a_plan_without_the_county_governments_approval_is_agreed_by_its_units(api: Api) -> None:
    """R-C2: agencies may draw up a joint plan themselves: once each unit agreed it is agreed, with no approval."""
    resources = await agency_gid("黄骅自规")
    draft = _plan([{"agency": resources, "duties": "违法占地现场测绘"}], title="渔港周边违法用地联合检查")
    plan = (await api.data(DRAFT, draft, as_user="nph_zhang"))["draftJointPlan"]["plan"]
    assert plan["needsApproval"] is False and plan["approver"] is None
    agreed = (await api.data(AGREE, {"p": plan["id"]}, as_user="zrj_wu"))["agreeJointPlan"]["plan"]
    assert agreed["status"] == "AGREED"
    await invalid(api, APPROVE, {"p": plan["id"]}, as_user="nph_leader", code="INVALID_STATE")
    assert (await node(api, plan["id"], "status approvedAt", as_user="zrj_leader")) == {
        "status": "AGREED", "approvedAt": None}  # fmt: skip


async def test_r_c2_the_county_government_is_told_when_a_plan_awaits_its_approval(api: Api) -> None:
    """R-C2: when the last unit agrees to a plan that needs approval, the county government, which must decide on it,
    is told (an event in its audience), before it approves."""
    approver = await city_leader(CITY_LEADER)
    draft = _plan(
        [{"agency": await agency_gid("黄骅市监"), "duties": "抽检"}], needsApproval=True, title="冷库专项检查"
    )
    plan = (await api.data(DRAFT, draft, as_user="nph_zhang"))["draftJointPlan"]["plan"]
    pending = (await api.data(AGREE, {"p": plan["id"]}, as_user="scj_liu"))["agreeJointPlan"]["plan"]
    assert pending["status"] == "APPROVAL_PENDING"
    assert await events_seen(api, "joint_plan", plan["id"], PLAN_EVENTS, as_user=approver) != []


async def test_r_c3_in_joint_enforcement_each_agency_decides_only_within_its_own_powers(api: Api) -> None:
    """R-C3: the violations found in the joint action are separate cases of the agencies concerned, each with its
    own procedure and decision; a decision on a matter outside the agency's powers is refused (NOT_COMPETENT) and
    writes nothing, and the catalog names the competent agency to transfer it to."""
    joint = CaseSource.JOINT_ENFORCEMENT
    own = await patrol_case("SCN-C3-南排河-1", agency="南排河", matter="SC-001", title="无证经营冻品", source=joint)
    outside = await patrol_case("SCN-C3-南排河-2", agency="南排河", matter="SC-009", title="冷库存放来源不明冻品",
                                source=joint)  # fmt: skip
    theirs = await patrol_case("SCN-C3-市监-1", agency="黄骅市监", matter="SC-009", title="冷库存放来源不明冻品",
                               source=joint)  # fmt: skip

    # 1. Nanpaihe files both of its cases (立案).
    for case in (own, outside):
        filed = (await api.data(FILE, {"c": case}, as_user="nph_zhang"))["fileCase"]
        assert filed["errors"] == [] and filed["case"]["status"] == "FILED" and filed["case"]["decisionDeadline"]

    # 2. SC-009 is the market regulator's and not delegated: Nanpaihe's decision on it is refused and writes nothing.
    await invalid(
        api, DECIDE, {"c": outside, "s": "罚款五千元"}, as_user="nph_zhang", code="NOT_COMPETENT", field="case"
    )
    assert (await node(api, outside, "status decidedAt decisionSummary", as_user="nph_zhang")) == {
        "status": "FILED", "decidedAt": None, "decisionSummary": ""}  # fmt: skip
    proposal = await api.data("query($c: ID!) { proposeReceiver(case: $c) { agency { code } } }", {"c": outside},
                              as_user="nph_zhang")  # fmt: skip
    assert proposal["proposeReceiver"]["agency"] == {"code": "黄骅市监"}  # the case is to be transferred instead

    # 3. Each agency decides its own case within its powers: Nanpaihe the delegated matter, the market regulator
    # its kept one; another agency does not decide for it.
    await refused_as_missing(api, DECIDE, {"c": theirs, "s": "没收并罚款"}, as_user="nph_zhang", field="case")
    filed = (await api.data(FILE, {"c": theirs}, as_user="scj_liu"))["fileCase"]
    assert filed["case"]["status"] == "FILED"
    for case, user, summary, holder, matter in (
        (own, "nph_zhang", "责令停止经营,没收冻品并罚款五千元", "南排河", "SC-001"),
        (theirs, "scj_liu", "没收来源不明冻品并罚款二万元", "黄骅市监", "SC-009"),
    ):
        decided = (await api.data(DECIDE, {"c": case, "s": summary}, as_user=user))["decideCase"]
        assert decided["errors"] == []
        assert decided["case"]["status"] == "DECIDED" and decided["case"]["decisionSummary"] == summary
        assert decided["case"]["agency"] == {"code": holder} and decided["case"]["matter"] == {"code": matter}
        timeline = await node(api, case, "timeline { type }", as_user=user)
        assert [e["type"] for e in timeline["timeline"]] == ["case.opened", "case.filed", "case.decided"]
