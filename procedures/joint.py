"""R-C1 to R-C3: consultation between agencies, joint enforcement plans, and decisions each within its own powers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from events.outbox import record_event
from models import (
    Agency,
    Consultation,
    ConsultationParticipant,
    JointFinding,
    JointPlan,
    JointPlanUnit,
    Resolution,
)
from models.enums import (
    AgencyKind,
    ConsultationKind,
    ConsultationStatus,
    JointPlanStatus,
)
from permissions.principal import Principal
from procedures.access import refuse_on, require, require_on

P = JointPlanStatus


class JointError(Exception):
    """A step refused; `code` is one of JointErrorCode's names."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True, slots=True)
class UnitInput:
    agency_id: int
    duties: str


@dataclass(frozen=True, slots=True)
class ResolutionInput:
    text: str
    owner_id: int
    due_date: date | None = None


@dataclass(frozen=True, slots=True)
class PlanInput:
    title: str
    content: str
    starts_at: datetime
    ends_at: datetime
    units: Sequence[UnitInput]
    targets: str = ""
    area: str = ""
    legal_basis: str = ""
    needs_approval: bool = False


async def joint_event(connection: BaseDBAsyncClient, type_: str, subject: str, subject_id: int, audience: list[int],
                 actor: Principal, **payload: object) -> None:  # fmt: skip
    await record_event(type=type_, subject_type=subject, subject_id=subject_id, audience=audience,
                       actor_id=actor.user_id, agency_id=actor.agency_id, payload=payload,
                       using_db=connection)  # fmt: skip


async def convene(
    actor: Principal, *, topic: str, kind: ConsultationKind, participant_ids: Sequence[int], scheduled_at: datetime
) -> Consultation:
    """R-C1: an agency convenes a consultation with the agencies concerned."""
    await require(actor, "create", "consultation", actor.agency_id)
    participants = sorted(set(participant_ids) - {actor.agency_id})
    if not topic.strip():
        raise JointError("REASON_REQUIRED", "a consultation needs a topic", field="topic")
    if not participants or await Agency.filter(id__in=participants).count() != len(participants):
        raise JointError("NO_PARTICIPANTS", "name the other agencies that take part", field="participants")
    async with in_transaction() as connection:
        consultation = await Consultation.create(topic=topic, kind=kind, convener_id=actor.agency_id,
                                                 scheduled_at=scheduled_at, using_db=connection)  # fmt: skip
        for agency_id in participants:
            await ConsultationParticipant.create(consultation=consultation, agency_id=agency_id, using_db=connection)
        await joint_event(connection, "consultation.convened", "consultation", consultation.id,
                     [actor.agency_id, *participants], actor, topic=topic)  # fmt: skip
    return consultation


async def record_minutes(
    actor: Principal, consultation_id: int, *, minutes: str, resolutions: Sequence[ResolutionInput],
    at: datetime | None = None,
) -> Consultation:  # fmt: skip
    """R-C1: the convener records the minutes and the resolutions, each with an owner and a due date."""
    now = at or datetime.now(UTC)
    consultation = await Consultation.get_or_none(id=consultation_id)
    missing = JointError("NOT_FOUND", f"no consultation has the ID {consultation_id}", field="consultation")
    if consultation is None:
        raise missing
    await require_on(actor, "create", "consultation", consultation.convener_id, record=consultation,
                     resource="consultation", missing=missing)  # fmt: skip
    if not minutes.strip():
        raise JointError("REASON_REQUIRED", "record the minutes", field="minutes")
    owners = {item.owner_id for item in resolutions}
    if await Agency.filter(id__in=list(owners)).count() != len(owners):
        raise JointError("NOT_FOUND", "a resolution's owner is not an agency", field="resolutions")
    if any(not item.text.strip() for item in resolutions):
        raise JointError("REASON_REQUIRED", "state each resolution", field="resolutions")
    async with in_transaction() as connection:
        if (
            not await Consultation.filter(id=consultation.id, status=ConsultationStatus.SCHEDULED)
            .using_db(connection)
            .update(status=ConsultationStatus.HELD, held_at=now, minutes=minutes)
        ):
            raise JointError("INVALID_STATE", f"the consultation is {consultation.status.value}")
        for item in resolutions:
            await Resolution.create(consultation=consultation, text=item.text, owner_id=item.owner_id,
                                    due_date=item.due_date, using_db=connection)  # fmt: skip
        audience = [consultation.convener_id, *await ConsultationParticipant.filter(
            consultation=consultation).using_db(connection).values_list("agency_id", flat=True)]  # fmt: skip
        await joint_event(connection, "consultation.held", "consultation", consultation.id,
                     [int(a) for a in audience], actor, resolutions=len(resolutions))  # type: ignore[call-overload]  # fmt: skip
    return await Consultation.get(id=consultation.id)


async def draft_plan(actor: Principal, data: PlanInput) -> JointPlan:
    """R-C2: a plan states its content, time, participating units and each unit's duties; the drafter leads."""
    await require(actor, "create", "joint_plan", actor.agency_id)
    if not data.title.strip() or not data.content.strip():
        raise JointError("REASON_REQUIRED", "a plan states its title and content", field="content")
    if data.ends_at <= data.starts_at:
        raise JointError("INVALID_TIME", "a plan ends after it starts", field="endsAt")
    units = {u.agency_id: u.duties for u in data.units}
    units.setdefault(actor.agency_id, "牵头组织")
    if len(units) < 2:
        raise JointError("NO_PARTICIPANTS", "a joint plan has two or more participating units", field="units")
    if any(not duties.strip() for duties in units.values()):
        raise JointError("DUTIES_REQUIRED", "state each unit's duties", field="units")
    if await Agency.filter(id__in=list(units)).count() != len(units):
        raise JointError("NOT_FOUND", "a participating unit does not exist", field="units")
    approver = await Agency.filter(kind=AgencyKind.COUNTY_GOVERNMENT).order_by("id").first()
    async with in_transaction() as connection:
        plan = await JointPlan.create(
            title=data.title, content=data.content, targets=data.targets, area=data.area,
            legal_basis=data.legal_basis, lead_id=actor.agency_id, starts_at=data.starts_at, ends_at=data.ends_at,
            needs_approval=data.needs_approval, approver_id=approver.id if data.needs_approval and approver else None,
            created_by_id=actor.user_id, using_db=connection,
        )  # fmt: skip
        for agency_id, duties in units.items():
            await JointPlanUnit.create(plan=plan, agency_id=agency_id, duties=duties,
                                       agreed_at=datetime.now(UTC) if agency_id == actor.agency_id else None,
                                       using_db=connection)  # fmt: skip
        await joint_event(connection, "joint_plan.drafted", "joint_plan", plan.id, list(units), actor, title=data.title)
    return plan


async def agree(actor: Principal, plan_id: int, *, at: datetime | None = None) -> JointPlan:
    """R-C2: each participating unit agrees; when all have, the plan is agreed, or awaits the county government."""
    now = at or datetime.now(UTC)
    plan = await _plan(plan_id)
    await _require(actor, "agree", actor.agency_id, plan)
    unit = await JointPlanUnit.get_or_none(plan=plan, agency_id=actor.agency_id)
    if unit is None:  # not a unit of this plan
        raise await refuse_on(actor, "agree", "joint_plan", actor.agency_id, record=plan, resource="joint_plan",
                              missing=_missing_plan(plan_id))  # fmt: skip
    if plan.status is not P.DRAFT or unit.agreed_at is not None:
        raise JointError("INVALID_STATE", "the unit already agreed, or the plan is past agreement")
    async with in_transaction() as connection:
        unit.agreed_at = now
        await unit.save(update_fields=["agreed_at", "updated_at"], using_db=connection)
        pending = await JointPlanUnit.filter(plan=plan, agreed_at__isnull=True).using_db(connection).count()
        if pending == 0:
            plan.status = P.APPROVAL_PENDING if plan.needs_approval else P.AGREED
            await JointPlan.filter(id=plan.id, status=P.DRAFT).using_db(connection).update(status=plan.status)
        units = await JointPlanUnit.filter(plan=plan).using_db(connection).values_list("agency_id", flat=True)
        audience = [int(a) for a in units]  # type: ignore[call-overload]
        if plan.status is P.APPROVAL_PENDING and plan.approver_id is not None:
            audience.append(plan.approver_id)  # the county government learns that the plan awaits its approval
        await joint_event(connection, "joint_plan.agreed", "joint_plan", plan.id, audience, actor,
                     status=plan.status.value)  # fmt: skip
    return plan


async def approve(actor: Principal, plan_id: int, *, at: datetime | None = None) -> JointPlan:
    """R-C2: the county government decides on a plan that needs its approval."""
    now = at or datetime.now(UTC)
    plan = await _plan(plan_id)
    await _require(actor, "approve", plan.approver_id or plan.lead_id, plan)
    if plan.approver_id is None:
        raise JointError("INVALID_STATE", "the plan does not need the county government's approval")
    async with in_transaction() as connection:
        if (
            not await JointPlan.filter(id=plan.id, status=P.APPROVAL_PENDING)
            .using_db(connection)
            .update(status=P.APPROVED, approved_at=now)
        ):
            raise JointError("INVALID_STATE", f"the plan is {plan.status.value}, not awaiting approval")
        plan.status, plan.approved_at = P.APPROVED, now
        units = await JointPlanUnit.filter(plan=plan).using_db(connection).values_list("agency_id", flat=True)
        await joint_event(connection, "joint_plan.approved", "joint_plan", plan.id,
                     [plan.approver_id, *[int(a) for a in units]], actor)  # type: ignore[call-overload]  # fmt: skip
    return plan


def _missing_plan(plan_id: int) -> JointError:
    return JointError("NOT_FOUND", f"no joint plan has the ID {plan_id}", field="plan")


async def _plan(plan_id: int) -> JointPlan:
    plan = await JointPlan.get_or_none(id=plan_id)
    if plan is None:
        raise _missing_plan(plan_id)
    return plan


async def _require(actor: Principal, action: str, agency_id: int, plan: JointPlan) -> None:
    """`require`, and a plan the actor may not read is answered as a missing one (`require_on`)."""
    await require_on(actor, action, "joint_plan", agency_id, record=plan, resource="joint_plan",
                     missing=_missing_plan(plan.id))  # fmt: skip


async def _led_plan(actor: Principal, plan_id: int) -> JointPlan:
    plan = await _plan(plan_id)
    await _require(actor, "create", plan.lead_id, plan)
    return plan


async def unit_agency_ids(plan: JointPlan, connection: BaseDBAsyncClient) -> list[int]:
    rows = await JointPlanUnit.filter(plan=plan).using_db(connection).values_list("agency_id", flat=True)
    return [int(a) for a in rows]  # type: ignore[call-overload]


async def start(actor: Principal, plan_id: int, *, at: datetime | None = None) -> JointPlan:
    """R-C2: the lead starts an agreed (or, when it needed it, approved) plan; units record findings while it runs."""
    plan = await _led_plan(actor, plan_id)
    ready = P.APPROVED if plan.needs_approval else P.AGREED
    async with in_transaction() as connection:
        if not await JointPlan.filter(id=plan.id, status=ready).using_db(connection).update(status=P.RUNNING):
            raise JointError("INVALID_STATE", f"the plan is {plan.status.value}; it starts once {ready.value}")
        plan.status = P.RUNNING
        units = await unit_agency_ids(plan, connection)
        await joint_event(connection, "joint_plan.started", "joint_plan", plan.id, units, actor)
    return plan


async def complete(actor: Principal, plan_id: int, *, at: datetime | None = None) -> JointPlan:
    """R-C2: the lead unit closes the action; no finding is recorded after it."""
    plan = await _led_plan(actor, plan_id)
    async with in_transaction() as connection:
        if not await JointPlan.filter(id=plan.id, status=P.RUNNING).using_db(connection).update(status=P.COMPLETED):
            raise JointError("INVALID_STATE", f"the plan is {plan.status.value}, not running")
        plan.status = P.COMPLETED
        findings = await JointFinding.filter(plan=plan).using_db(connection).count()
        units = await unit_agency_ids(plan, connection)
        await joint_event(connection, "joint_plan.completed", "joint_plan", plan.id, units, actor, findings=findings)
    return plan
