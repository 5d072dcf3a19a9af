"""R-C3 while a joint plan runs, and the repeat-inspection warning that suggests a joint plan (beyond the guidance)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models import Agency, Case, Event, EventAudience, JointFinding, Jurisdiction, Matter, User
from models.enums import CaseSource, JointPlanStatus
from permissions.principal import Principal, user_subject
from procedures import joint, joint_findings, transfer
from procedures.access import AccessDenied
from procedures.calendar import CHINA
from procedures.inspection import InspectionError, InspectionInput, plan_inspection
from tests.conftest import Api
from tests.graphql.matrix_world import gid


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


async def _running_plan(title: str) -> int:
    market = await Agency.get(code="黄骅市监")
    plan = await joint.draft_plan(await actor("nph_zhang"), joint.PlanInput(
        title=title, content="对渔港周边食品摊点开展联合检查", starts_at=datetime(2026, 11, 2, 8, tzinfo=CHINA),
        ends_at=datetime(2026, 11, 6, 18, tzinfo=CHINA), units=[joint.UnitInput(market.id, "负责食品安全检查")],
    ))  # fmt: skip
    with pytest.raises(joint.JointError) as early:
        await joint.start(await actor("nph_zhang"), plan.id)
    assert early.value.code == "INVALID_STATE"  # not agreed by every unit yet
    await joint.agree(await actor("scj_liu"), plan.id)
    with pytest.raises(AccessDenied):
        await joint.start(await actor("scj_liu"), plan.id)  # the lead starts it
    assert (await joint.start(await actor("nph_zhang"), plan.id)).status is JointPlanStatus.RUNNING
    return plan.id


async def test_r_c3_each_violation_found_becomes_a_separate_case_of_the_competent_agency() -> None:
    """R-C3: the township finds a violation of a matter the market bureau keeps: the case is the bureau's, and only
    the bureau decides it; a violation within the township's own delegated powers is the township's case."""
    plan_id = await _running_plan("渔港食品联合检查")
    nph, market = await Agency.get(code="南排河"), await Agency.get(code="黄骅市监")
    kept = await Matter.get(code="SC-009")
    found = await joint_findings.record_finding(await actor("nph_zhang"), plan_id, joint_findings.FindingInput(
        text="摊点销售无标签冷冻海产品", target="渔港东侧摊点", is_violation=True, matter_id=kept.id))  # fmt: skip
    assert found.case is not None and found.case.agency_id == market.id
    assert found.case.source is CaseSource.JOINT_ENFORCEMENT and found.case.territory_id == nph.id
    assert found.case.number.startswith("黄骅市监立〔")
    assert found.finding.case_id == found.case.id and found.finding.agency_id == nph.id

    with pytest.raises(transfer.TransferError, match="no case"):  # decided by that agency alone (which Nanpaihe,
        await transfer.decide_case(await actor("nph_leader"), found.case.id, summary="罚款")  # may not read)
    await transfer.file_case(await actor("scj_liu"), found.case.id)
    decided = await transfer.decide_case(await actor("scj_leader"), found.case.id, summary="没收并罚款")
    assert decided.agency_id == market.id

    delegated = await Jurisdiction.filter(agency_id=nph.id).first()
    assert delegated is not None
    own = await joint_findings.record_finding(await actor("nph_zhang"), plan_id, joint_findings.FindingInput(
        text="占道经营", target="渔港西侧", is_violation=True, matter_id=delegated.matter_id))  # fmt: skip
    assert own.case is not None and own.case.agency_id == nph.id
    other = await joint_findings.record_finding(await actor("scj_liu"), plan_id, joint_findings.FindingInput(
        text="证照齐全,未发现问题", target="渔港冷库"))  # fmt: skip
    assert other.case is None
    events = await Event.filter(type="joint_plan.finding_recorded", subject_id=plan_id).count()
    assert events == 3 and await JointFinding.filter(plan_id=plan_id).count() == 3


async def test_r_c3_findings_are_recorded_by_units_while_the_plan_runs_and_bad_ones_write_nothing() -> None:
    """R-C3: only a unit records, only while the plan runs; a violation names its matter."""
    plan_id = await _running_plan("渔港夜间联合巡查")
    kept = await Matter.get(code="SC-009")
    cases, events = await Case.all().count(), await Event.all().count()
    with pytest.raises(joint.JointError, match="no joint plan"):  # not a unit, and the plan hidden from it
        await joint_findings.record_finding(await actor("zrj_zhou"), plan_id, joint_findings.FindingInput(text="x"))
    for data, code in (
        (joint_findings.FindingInput(text="无标签食品", is_violation=True), "MATTER_REQUIRED"),
        (joint_findings.FindingInput(text=" ", is_violation=True, matter_id=kept.id), "REASON_REQUIRED"),
        (joint_findings.FindingInput(text="x", is_violation=True, matter_id=10**9), "NOT_FOUND"),
    ):
        with pytest.raises(joint.JointError) as refused:
            await joint_findings.record_finding(await actor("nph_zhang"), plan_id, data)
        assert refused.value.code == code
    assert await Case.all().count() == cases
    assert await Event.all().count() == events + 1  # the refused attempt by a non-unit, in the audit trail
    await joint.complete(await actor("nph_zhang"), plan_id)
    with pytest.raises(joint.JointError) as closed:
        await joint_findings.record_finding(await actor("nph_zhang"), plan_id, joint_findings.FindingInput(text="x"))
    assert closed.value.code == "INVALID_STATE"


async def test_repeat_inspections_of_one_target_within_30_days_warn_every_agency_and_suggest_a_joint_plan() -> None:
    """Beyond the guidance: two agencies planning to inspect one business within 30 days are both told."""
    code = "91130983MA0C5X7Q2B"
    market, ecology = await Agency.get(code="黄骅市监"), await Agency.get(code="黄骅自规")
    first = await plan_inspection(await actor("scj_liu"), InspectionInput(
        target_name="黄骅市渔港冷链有限公司", target_code=code, planned_on=date(2026, 12, 3),
        purpose="食品安全检查"))  # fmt: skip
    assert first.overlaps == [] and not first.suggest_joint_plan
    far = await plan_inspection(await actor("zrj_zhou"), InspectionInput(
        target_name="黄骅市渔港冷链有限公司", target_code=code, planned_on=date(2027, 2, 3)))  # fmt: skip
    assert far.overlaps == []
    second = await plan_inspection(await actor("zrj_zhou"), InspectionInput(
        target_name="黄骅市 渔港冷链有限公司", target_code=code.lower(), planned_on=date(2026, 12, 20),
        purpose="用地检查"))  # fmt: skip
    assert second.suggest_joint_plan and [(o.agency.id, o.planned_on) for o in second.overlaps] == [
        (market.id, date(2026, 12, 3))
    ]
    warning = await Event.get(type="inspection.overlap", subject_id=second.inspection.id)
    audience: list[int] = await EventAudience.filter(event_id=warning.id).values_list("agency_id", flat=True)  # type: ignore[assignment]
    assert set(audience) == {market.id, ecology.id} and "联合执法方案" in warning.payload["suggestion"]
    by_name = await plan_inspection(await actor("hhz_ma"), InspectionInput(
        target_name="黄骅市渔港冷链有限公司", planned_on=date(2026, 12, 10)))  # fmt: skip
    assert by_name.overlaps == []  # no code given: matched by name, and the others were keyed by their code
    with pytest.raises(InspectionError) as bad:
        await plan_inspection(await actor("scj_liu"), InspectionInput(target_name="某公司", target_code="123",
                                                                      planned_on=date(2026, 12, 1)))  # fmt: skip
    assert bad.value.code == "INVALID_CODE"


FINDING = """mutation($i: JointFindingInput!) { recordJointFinding(input: $i) {
  finding { isViolation target agency { code } matter { code } } case { number agency { code } status }
  errors { code field } } }"""
INSPECT = """mutation($i: PlanInspectionInput!) { planInspection(input: $i) {
  inspection { targetName plannedOn } overlaps { agency { code } plannedOn } suggestJointPlan
  errors { code field } } }"""


async def test_r_c3_through_the_api_a_finding_opens_the_competent_agencys_case_and_bad_input_is_typed(api: Api) -> None:
    """R-C3 over GraphQL: the payload carries the finding and the case; refusals are typed payload errors."""
    plan_id = await _running_plan("渔港周末联合检查")
    kept = await Matter.get(code="SC-009")
    found = await api.data(FINDING, {"i": {"plan": gid("JointPlan", plan_id), "text": "无标签冷冻食品",
                                           "target": "渔港南侧摊点", "isViolation": True,
                                           "matter": gid("Matter", kept.id)}}, as_user="nph_zhang")  # fmt: skip
    payload = found["recordJointFinding"]
    assert payload["errors"] == [] and payload["case"]["agency"] == {"code": "黄骅市监"}
    assert payload["case"]["status"] == "OPEN" and payload["finding"]["matter"] == {"code": "SC-009"}
    missing = await api.data(FINDING, {"i": {"plan": gid("JointPlan", plan_id), "text": "x", "isViolation": True}},
                             as_user="nph_zhang")  # fmt: skip
    assert missing["recordJointFinding"]["errors"] == [{"code": "MATTER_REQUIRED", "field": "matter"}]
    unknown = await api.data(FINDING, {"i": {"plan": gid("JointPlan", 10**9), "text": "x"}}, as_user="nph_zhang")
    assert unknown["recordJointFinding"]["errors"] == [{"code": "NOT_FOUND", "field": "plan"}]
    bad = await api.data(INSPECT, {"i": {"targetName": "某公司", "targetCode": "ABC", "plannedOn": "2026-12-01"}},
                         as_user="scj_liu")  # fmt: skip
    assert bad["planInspection"]["errors"] == [{"code": "INVALID_CODE", "field": "targetCode"}]
    body = {"targetName": "黄骅市海丰水产批发部", "plannedOn": "2026-12-07", "purpose": "抽检"}
    assert (await api.data(INSPECT, {"i": body}, as_user="scj_liu"))["planInspection"]["suggestJointPlan"] is False
    again = await api.data(INSPECT, {"i": {**body, "plannedOn": "2026-12-28"}}, as_user="nph_zhang")
    assert again["planInspection"]["overlaps"] == [{"agency": {"code": "黄骅市监"}, "plannedOn": "2026-12-07"}]
