"""R-C1 to R-C3: consultations and joint enforcement plans."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import ConsultationKind, ConsultationStatus, JointPlanStatus
from graphql_api.node import ModelNode
from graphql_api.relations import by_ids, many, to_many, to_one

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency, Matter
    from graphql_api.cases.types import Case

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_Case = Annotated["Case", strawberry.lazy("graphql_api.cases.types")]
_Matter = Annotated["Matter", strawberry.lazy("graphql_api.agencies.types")]


@strawberry.type(description="R-C1: a consultation between agencies. Visible to its convener and participants.")
class Consultation(ModelNode):
    _model = models.Consultation
    _resource = "consultation"

    topic: str
    kind: ConsultationKind
    status: ConsultationStatus
    scheduled_at: datetime
    held_at: datetime | None
    minutes: str

    convener: _Agency = to_one(models.Agency, "convener_id")

    @strawberry.field
    async def participants(self, info: Info) -> list[_Agency]:
        rows = await many(
            info, models.ConsultationParticipant, "consultation_id", self.pk, resource="consultation_part"
        )
        return await by_ids(info, models.Agency, [row.agency_id for row in rows], resource="agency")

    resolutions: list[Resolution] = to_many(models.Resolution, "consultation_id")


@strawberry.type(description="A decision of a consultation, with an owner and a due date.")
class Resolution(ModelNode):
    _model = models.Resolution
    _resource = "consultation_part"

    text: str
    due_date: date | None
    done_at: datetime | None

    owner: _Agency = to_one(models.Agency, "owner_id")


@strawberry.type(description="R-C2: a joint enforcement plan. Visible to its lead, units and approver.")
class JointPlan(ModelNode):
    _model = models.JointPlan
    _resource = "joint_plan"

    title: str
    content: str
    targets: str
    area: str
    legal_basis: str
    starts_at: datetime
    ends_at: datetime
    status: JointPlanStatus
    needs_approval: bool
    approved_at: datetime | None

    lead: _Agency = to_one(models.Agency, "lead_id", description="The lead unit.")
    approver: _Agency | None = to_one(
        models.Agency, "approver_id", description="The county government, when it must approve the plan."
    )
    case: _Case | None = to_one(models.Case, "case_id")
    units: list[JointPlanUnit] = to_many(
        models.JointPlanUnit, "plan_id", description="Participating units and each unit's duties."
    )
    findings: list[JointFinding] = to_many(models.JointFinding, "plan_id")


@strawberry.type(description="A participating unit of a joint plan and its duties.")
class JointPlanUnit(ModelNode):
    _model = models.JointPlanUnit
    _resource = "joint_plan_part"

    duties: str
    agreed_at: datetime | None

    agency: _Agency = to_one(models.Agency, "agency_id")


@strawberry.type(description="What a unit found; a violation becomes a separate case of the competent agency (R-C3).")
class JointFinding(ModelNode):
    _model = models.JointFinding
    _resource = "joint_plan_part"

    text: str
    target: str = strawberry.field(description="The party found.")
    is_violation: bool
    created_at: datetime

    agency: _Agency = to_one(models.Agency, "agency_id", description="The unit that found it.")
    matter: _Matter | None = to_one(models.Matter, "matter_id")
    case: _Case | None = to_one(models.Case, "case_id", description="The case opened for the competent agency.")
