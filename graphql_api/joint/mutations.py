"""R-C1 and R-C2 as mutations: consultations with minutes and resolutions, joint plans agreed and approved."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from graphql_api.context import Info, forbidden_on_denial
from graphql_api.enums import ConsultationKind
from graphql_api.joint.types import Consultation, JointFinding, JointPlan
from graphql_api.relations import decode_id
from permissions.principal import Principal
from procedures import joint as procedure
from procedures import joint_findings

if TYPE_CHECKING:
    from graphql_api.cases.types import Case

_Case = Annotated["Case", strawberry.lazy("graphql_api.cases.types")]


@strawberry.enum(description="Why a step of joint enforcement was refused.")
class JointErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    REASON_REQUIRED = "REASON_REQUIRED"
    NO_PARTICIPANTS = "NO_PARTICIPANTS"
    DUTIES_REQUIRED = "DUTIES_REQUIRED"
    INVALID_TIME = "INVALID_TIME"
    INVALID_STATE = "INVALID_STATE"
    MATTER_REQUIRED = "MATTER_REQUIRED"
    NO_COMPETENT_AGENCY = "NO_COMPETENT_AGENCY"


@strawberry.type
class JointError:
    code: JointErrorCode
    field: str | None
    message: str


@strawberry.type
class JointPayload:
    consultation: Consultation | None = None
    plan: JointPlan | None = None
    finding: JointFinding | None = None
    case: _Case | None = strawberry.field(default=None, description="For a violation: the competent agency's case.")
    errors: list[JointError]


@strawberry.input
class ResolutionInput:
    text: str
    owner: relay.GlobalID
    due_date: date | None = None


@strawberry.input
class PlanUnitInput:
    agency: relay.GlobalID
    duties: str


@strawberry.input
class JointPlanInput:
    title: str
    content: str
    starts_at: datetime
    ends_at: datetime
    units: list[PlanUnitInput] = strawberry.field(description="The other participating units and their duties.")
    targets: str = ""
    area: str = ""
    legal_basis: str = ""
    needs_approval: bool = strawberry.field(default=False, description="Ask the county government to decide on it.")


def _id(value: relay.GlobalID, type_name: str, field: str) -> int:
    return decode_id(value, type_name, field=field) or 0


@strawberry.input
class JointFindingInput:
    plan: relay.GlobalID
    text: str
    target: str = ""
    is_violation: bool = False
    matter: relay.GlobalID | None = strawberry.field(default=None, description="Required for a violation.")


async def _payload(info: Info, step: Callable[[Principal], Awaitable[Any]], slot: str) -> JointPayload:
    actor = info.context.require_principal()
    try:
        async with forbidden_on_denial():
            row = await step(actor)
    except procedure.JointError as exc:
        return JointPayload(errors=[JointError(code=JointErrorCode(exc.code), field=exc.field, message=str(exc))])
    if isinstance(row, joint_findings.RecordedFinding):
        return JointPayload(errors=[], finding=row.finding, case=row.case)  # type: ignore[arg-type]
    return JointPayload(errors=[], **{slot: row})


@strawberry.type
class JointMutation:
    @strawberry.mutation(description="R-C1: convene a consultation. Requires consultation:create.")
    async def convene_consultation(
        self, info: Info, topic: str, kind: ConsultationKind, participants: list[relay.GlobalID], scheduled_at: datetime
    ) -> JointPayload:
        ids = [_id(p, "Agency", "participants") for p in participants]
        return await _payload(info, lambda actor: procedure.convene(
            actor, topic=topic, kind=kind, participant_ids=ids, scheduled_at=scheduled_at), "consultation")  # fmt: skip

    @strawberry.mutation(description="R-C1: record the minutes and resolutions. Requires consultation:create in the "
                         "convener.")  # fmt: skip
    async def record_consultation_minutes(
        self, info: Info, consultation: relay.GlobalID, minutes: str, resolutions: list[ResolutionInput]
    ) -> JointPayload:
        consultation_id = _id(consultation, "Consultation", "consultation")
        items = [procedure.ResolutionInput(text=r.text, owner_id=_id(r.owner, "Agency", "resolutions"),
                                           due_date=r.due_date) for r in resolutions]  # fmt: skip
        return await _payload(info, lambda actor: procedure.record_minutes(
            actor, consultation_id, minutes=minutes, resolutions=items), "consultation")  # fmt: skip

    @strawberry.mutation(description="R-C2: draft a joint enforcement plan: content, time, units and their duties. "
                         "Requires joint_plan:create; the drafting agency leads.")  # fmt: skip
    async def draft_joint_plan(self, info: Info, input: JointPlanInput) -> JointPayload:
        data = procedure.PlanInput(
            title=input.title, content=input.content, starts_at=input.starts_at, ends_at=input.ends_at,
            units=[procedure.UnitInput(agency_id=_id(u.agency, "Agency", "units"), duties=u.duties)
                   for u in input.units],
            targets=input.targets, area=input.area, legal_basis=input.legal_basis, needs_approval=input.needs_approval,
        )  # fmt: skip
        return await _payload(info, lambda actor: procedure.draft_plan(actor, data), "plan")

    @strawberry.mutation(description="R-C2: a participating unit agrees to the plan. Requires joint_plan:agree.")
    async def agree_joint_plan(self, info: Info, plan: relay.GlobalID) -> JointPayload:
        plan_id = _id(plan, "JointPlan", "plan")
        return await _payload(info, lambda actor: procedure.agree(actor, plan_id), "plan")

    @strawberry.mutation(description="R-C2: the county government approves a plan. Requires joint_plan:approve in it.")
    async def approve_joint_plan(self, info: Info, plan: relay.GlobalID) -> JointPayload:
        plan_id = _id(plan, "JointPlan", "plan")
        return await _payload(info, lambda actor: procedure.approve(actor, plan_id), "plan")

    @strawberry.mutation(description="R-C2: the lead unit starts an agreed (or approved) plan. Requires "
                         "joint_plan:create in the lead.")  # fmt: skip
    async def start_joint_plan(self, info: Info, plan: relay.GlobalID) -> JointPayload:
        plan_id = _id(plan, "JointPlan", "plan")
        return await _payload(info, lambda actor: procedure.start(actor, plan_id), "plan")

    @strawberry.mutation(description="R-C2: the lead unit completes a running plan. Requires joint_plan:create in "
                         "the lead.")  # fmt: skip
    async def complete_joint_plan(self, info: Info, plan: relay.GlobalID) -> JointPayload:
        plan_id = _id(plan, "JointPlan", "plan")
        return await _payload(info, lambda actor: procedure.complete(actor, plan_id), "plan")

    @strawberry.mutation(description="R-C3: a unit records a finding while the plan runs; a violation becomes a case "
                         "of the agency competent for its matter. Requires case:create in the unit.")  # fmt: skip
    async def record_joint_finding(self, info: Info, input: JointFindingInput) -> JointPayload:
        plan_id = _id(input.plan, "JointPlan", "plan")
        data = joint_findings.FindingInput(
            text=input.text, target=input.target, is_violation=input.is_violation,
            matter_id=decode_id(input.matter, "Matter", field="matter") if input.matter is not None else None,
        )  # fmt: skip
        return await _payload(info, lambda actor: joint_findings.record_finding(actor, plan_id, data), "finding")
