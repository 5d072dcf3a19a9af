"""R-C1 to R-C3: consultation, joint enforcement plans, and each agency deciding within its own powers."""

from __future__ import annotations

from datetime import datetime

import pytest

from models import Agency, Case, JointPlanUnit, Matter, Resolution, User
from models.enums import CaseStatus, ConsultationKind, ConsultationStatus, JointPlanStatus, Role
from permissions.principal import Principal, user_subject
from procedures import joint
from procedures import transfer as procedure
from procedures.access import AccessDenied
from procedures.calendar import CHINA
from procedures.people import create_user


async def actor(username: str) -> Principal:
    user = await User.get(username=username)
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id, username=username)


def when(day: int) -> datetime:
    return datetime(2026, 12, day, 9, tzinfo=CHINA)


async def test_r_c1_agencies_consult_and_record_resolutions_with_owners() -> None:
    """R-C1: consultation on matters needing cooperation, common problems, applicable law, major joint actions."""
    market, agri = await Agency.get(code="黄骅市监"), await Agency.get(code="黄骅农业")
    consultation = await joint.convene(await actor("nph_zhang"), topic="渔港食品安全与渔业执法衔接",
                                       kind=ConsultationKind.LAW_APPLICATION, participant_ids=[market.id, agri.id],
                                       scheduled_at=when(1))  # fmt: skip
    held = await joint.record_minutes(await actor("nph_zhang"), consultation.id, minutes="明确了各自职责",
                                      resolutions=[joint.ResolutionInput(text="市场监管局牵头制定检查方案",
                                                                         owner_id=market.id)])  # fmt: skip
    assert held.status is ConsultationStatus.HELD
    assert await Resolution.filter(consultation=consultation, owner=market).count() == 1
    with pytest.raises(AccessDenied):  # the minutes are the convener's to record
        await joint.record_minutes(await actor("scj_liu"), consultation.id, minutes="x", resolutions=[])


async def test_r_c2_a_plan_states_content_time_units_and_duties_and_is_agreed_then_approved() -> None:
    """R-C2: content, time, participating units and each unit's duties; agreed by each unit; approved by the county
    government when asked."""
    market, agri = await Agency.get(code="黄骅市监"), await Agency.get(code="黄骅农业")
    zhang = await actor("nph_zhang")
    dutiless = joint.PlanInput(title="联合检查", content="渔港检查", starts_at=when(2), ends_at=when(4),
                               units=[joint.UnitInput(market.id, " ")])  # fmt: skip
    with pytest.raises(joint.JointError) as no_duties:
        await joint.draft_plan(zhang, dutiless)
    assert no_duties.value.code == "DUTIES_REQUIRED"
    plan = await joint.draft_plan(zhang, joint.PlanInput(
        title="渔港联合执法", content="对渔港水产品经营户联合检查", starts_at=when(2), ends_at=when(4),
        units=[joint.UnitInput(market.id, "食品安全检查"), joint.UnitInput(agri.id, "渔业执法检查")],
        needs_approval=True,
    ))  # fmt: skip
    assert await JointPlanUnit.filter(plan=plan).count() == 3  # the drafting township leads and takes part
    with pytest.raises(joint.JointError, match="no joint plan"):  # natural resources is not a unit: the plan
        await joint.agree(await actor("zrj_zhou"), plan.id)  # is not one it may read, so it does not exist to it
    await joint.agree(await actor("scj_liu"), plan.id)
    plan = await joint.agree(await actor("nyj_huang"), plan.id)
    assert plan.status is JointPlanStatus.APPROVAL_PENDING
    with pytest.raises(AccessDenied):
        await joint.approve(await actor("nph_leader"), plan.id)
    city_leader = await _city_leader()
    plan = await joint.approve(city_leader, plan.id)
    assert plan.status is JointPlanStatus.APPROVED


async def _city_leader() -> Principal:
    user = await User.get_or_none(username="city_leader") or await create_user(
        username="city_leader", agency_code="黄政", role=Role.LEADER, password="city-leader-1"
    )
    return Principal(subject=user_subject(user.id), agency_id=user.agency_id, user_id=user.id)


async def test_r_c3_each_agency_decides_only_within_its_own_powers() -> None:
    """R-C3: a violation found in joint enforcement is decided by the agency competent for it, and the system
    refuses a decision by an agency on a matter outside its powers."""
    nph = await Agency.get(code="南排河")
    kept = await Matter.get(code="SC-009")  # kept by the market bureau, not delegated
    case = await Case.create(number="R-C3-1", title="联合执法中发现", agency=nph, matter=kept, discovered_at=when(3))
    zhang = await actor("nph_zhang")
    await procedure.file_case(zhang, case.id)
    with pytest.raises(procedure.TransferError) as outside:
        await procedure.decide_case(zhang, case.id, summary="罚款")
    assert outside.value.code == "NOT_COMPETENT"
    assert (await Case.get(id=case.id)).status is CaseStatus.FILED
