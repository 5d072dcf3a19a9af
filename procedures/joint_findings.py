"""R-C3 while a joint plan runs: each unit records its findings, and each violation becomes a separate case of the
agency competent for it, which alone decides it (`procedures.transfer.decide_case` refuses anyone else)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import Agency, Case, JointFinding, JointPlan, JointPlanUnit, Matter
from models.enums import AgencyKind, CaseSource, CaseStatus, JointPlanStatus
from permissions.principal import Principal
from procedures import clocks, numbering
from procedures.access import refuse_on, require_on
from procedures.joint import JointError, joint_event, unit_agency_ids
from procedures.jurisdiction import is_competent, propose_receiver


@dataclass(frozen=True, slots=True)
class FindingInput:
    text: str
    target: str = ""
    is_violation: bool = False
    matter_id: int | None = None  # required for a violation: it decides which agency is competent


@dataclass(frozen=True, slots=True)
class RecordedFinding:
    finding: JointFinding
    case: Case | None  # the case opened for the competent agency, for a violation


async def record_finding(
    actor: Principal, plan_id: int, data: FindingInput, *, at: datetime | None = None
) -> RecordedFinding:
    """R-C3: a unit records what it found while the plan runs. Each violation becomes a separate case of the agency
    competent for its matter (the unit itself, or the one the catalog names), which alone decides it."""
    now = at or datetime.now(UTC)
    plan = await JointPlan.get_or_none(id=plan_id)
    missing = JointError("NOT_FOUND", f"no joint plan has the ID {plan_id}", field="plan")
    if plan is None:
        raise missing
    await require_on(actor, "create", "case", actor.agency_id, record=plan, resource="joint_plan", missing=missing)
    if plan.lead_id != actor.agency_id and not await JointPlanUnit.exists(plan=plan, agency_id=actor.agency_id):
        # not a unit of this plan
        raise await refuse_on(actor, "create", "case", actor.agency_id, record=plan, resource="joint_plan",
                              missing=missing)  # fmt: skip
    if plan.status is not JointPlanStatus.RUNNING:
        raise JointError("INVALID_STATE", f"the plan is {plan.status.value}: findings are recorded while it runs")
    if not data.text.strip():
        raise JointError("REASON_REQUIRED", "say what was found", field="text")
    matter = await Matter.get_or_none(id=data.matter_id) if data.matter_id is not None else None
    if data.matter_id is not None and matter is None:
        raise JointError("NOT_FOUND", f"no matter has the ID {data.matter_id}", field="matter")
    if data.is_violation and matter is None:
        raise JointError("MATTER_REQUIRED", "a violation names its matter, which decides who is competent",
                         field="matter")  # fmt: skip
    competent = await _competent_agency(actor.agency_id, plan, matter, now) if matter and data.is_violation else None
    async with in_transaction() as connection:
        case = await _open_case(connection, actor, plan, data, matter, competent, now) if matter and competent else None
        finding = await JointFinding.create(
            plan=plan, agency_id=actor.agency_id, text=data.text, target=data.target, is_violation=data.is_violation,
            matter_id=data.matter_id, recorded_by_id=actor.user_id, case_id=case.id if case else None,
            using_db=connection,
        )  # fmt: skip
        audience = await unit_agency_ids(plan, connection) + ([competent.id] if competent else [])
        await joint_event(connection, "joint_plan.finding_recorded", "joint_plan", plan.id, audience, actor,
                     finding=finding.id, violation=data.is_violation,
                     case=case.number if case else None)  # fmt: skip
    return RecordedFinding(finding=finding, case=case)


async def _competent_agency(agency_id: int, plan: JointPlan, matter: Matter, now: datetime) -> Agency:
    if await is_competent(agency_id, matter.id, on=now.date()):
        return await Agency.get(id=agency_id)
    territory = await _territory(agency_id, plan)
    probe = Case(agency_id=agency_id, matter_id=matter.id, territory_id=territory)
    proposal = await propose_receiver(probe, on=now.date())
    if proposal is None:
        raise JointError("NO_COMPETENT_AGENCY", f"the catalog names no agency competent for {matter.code} here",
                         field="matter")  # fmt: skip
    return proposal.agency


async def _territory(agency_id: int, plan: JointPlan) -> int | None:
    """Where the facts happened: the township of the finding unit, else of the lead unit."""
    local = (AgencyKind.TOWNSHIP, AgencyKind.SUB_DISTRICT)
    for candidate in (agency_id, plan.lead_id):
        if await Agency.exists(id=candidate, kind__in=local):
            return candidate
    return None


async def _open_case(
    connection: BaseDBAsyncClient, actor: Principal, plan: JointPlan, data: FindingInput, matter: Matter,
    competent: Agency, now: datetime,
) -> Case:  # fmt: skip
    filing = await clocks.due("case.filing", now, using_db=connection)
    case = await Case.create(
        number=await numbering.issue_number(competent, numbering.CASE, now.year, using_db=connection),
        title=f"{data.target or '联合执法发现'}涉嫌{matter.name}", matter_id=matter.id, agency_id=competent.id,
        territory_id=await _territory(actor.agency_id, plan), source=CaseSource.JOINT_ENFORCEMENT,
        status=CaseStatus.OPEN, facts=f"{data.text}\n(联合执法《{plan.title}》中发现)", opened_by_id=actor.user_id,
        discovered_at=now, filing_deadline=filing.at, using_db=connection,
    )  # fmt: skip
    await clocks.keep(filing, case.id, using_db=connection)
    await record_event(type="case.opened", subject_type="case", subject_id=case.id, case_id=case.id,
                       audience=[competent.id, actor.agency_id], actor_id=actor.user_id, agency_id=actor.agency_id,
                       payload={"number": case.number, "joint_plan": plan.id}, using_db=connection)  # fmt: skip
    return case
