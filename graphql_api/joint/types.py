"""R-C1 to R-C3: consultations and joint enforcement plans."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import ConsultationKind, ConsultationStatus, JointPlanStatus
from graphql_api.node import ModelNode
from graphql_api.relations import by_ids, many, one, required

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency
    from graphql_api.cases.types import Case

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_Case = Annotated["Case", strawberry.lazy("graphql_api.cases.types")]


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
    convener_id: strawberry.Private[int]

    @strawberry.field
    async def convener(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.convener_id)

    @strawberry.field
    async def participants(self, info: Info) -> list[_Agency]:
        rows = await many(info, models.ConsultationParticipant, "consultation_id", self.pk)
        return await by_ids(info, models.Agency, [row.agency_id for row in rows])

    @strawberry.field
    async def resolutions(self, info: Info) -> list[Resolution]:
        return await many(info, models.Resolution, "consultation_id", self.pk)


@strawberry.type(description="A decision of a consultation, with an owner and a due date.")
class Resolution(ModelNode):
    _model = models.Resolution
    _resource = "consultation_part"

    text: str
    due_date: date | None
    done_at: datetime | None
    owner_id: strawberry.Private[int]

    @strawberry.field
    async def owner(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.owner_id)


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
    lead_id: strawberry.Private[int]
    approver_id: strawberry.Private[int | None]
    case_id: strawberry.Private[int | None]

    @strawberry.field(description="The lead unit.")
    async def lead(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.lead_id)

    @strawberry.field(description="The county government, when it must approve the plan.")
    async def approver(self, info: Info) -> _Agency | None:
        return await one(info, models.Agency, self.approver_id)

    @strawberry.field
    async def case(self, info: Info) -> _Case | None:
        return await one(info, models.Case, self.case_id)

    @strawberry.field(description="Participating units and each unit's duties.")
    async def units(self, info: Info) -> list[JointPlanUnit]:
        return await many(info, models.JointPlanUnit, "plan_id", self.pk)

    @strawberry.field
    async def findings(self, info: Info) -> list[JointFinding]:
        return await many(info, models.JointFinding, "plan_id", self.pk)


@strawberry.type(description="A participating unit of a joint plan and its duties.")
class JointPlanUnit(ModelNode):
    _model = models.JointPlanUnit
    _resource = "joint_plan_part"

    duties: str
    agreed_at: datetime | None
    agency_id: strawberry.Private[int]

    @strawberry.field
    async def agency(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.agency_id)


@strawberry.type(description="What a unit found; a violation becomes a separate case of the competent agency (R-C3).")
class JointFinding(ModelNode):
    _model = models.JointFinding
    _resource = "joint_plan_part"

    text: str
    created_at: datetime
    agency_id: strawberry.Private[int]
    case_id: strawberry.Private[int | None]

    @strawberry.field
    async def agency(self, info: Info) -> _Agency:
        return await required(info, models.Agency, self.agency_id)

    @strawberry.field
    async def case(self, info: Info) -> _Case | None:
        return await one(info, models.Case, self.case_id)
