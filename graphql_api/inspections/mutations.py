"""Plan an inspection; learn at once whether other agencies plan one on the same target within 30 days."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import strawberry
from strawberry import relay

from graphql_api.context import Info, forbidden_on_denial
from graphql_api.inspections.types import Inspection, InspectionOverlap
from graphql_api.relations import decode_id
from procedures import inspection as procedure


@strawberry.enum(description="Why an inspection was not recorded.")
class InspectionErrorCode(StrEnum):
    REASON_REQUIRED = "REASON_REQUIRED"
    INVALID_CODE = "INVALID_CODE"
    NOT_FOUND = "NOT_FOUND"


@strawberry.type
class InspectionError:
    code: InspectionErrorCode
    field: str | None
    message: str


@strawberry.type
class PlanInspectionPayload:
    inspection: Inspection | None = None
    overlaps: list[InspectionOverlap] = strawberry.field(
        default_factory=list, description="Other agencies' inspections of the target within 30 days."
    )
    suggest_joint_plan: bool = strawberry.field(default=False, description="True when there are overlaps.")
    errors: list[InspectionError]


@strawberry.input
class PlanInspectionInput:
    target_name: str
    planned_on: date
    target_code: str = strawberry.field(default="", description="统一社会信用代码 (18 characters), when known.")
    purpose: str = ""
    plan: relay.GlobalID | None = strawberry.field(default=None, description="A joint plan it is part of.")


@strawberry.type
class InspectionMutation:
    @strawberry.mutation(description="Plan an inspection. Several agencies on one target within 30 days are all "
                         "warned, with the suggestion of a joint plan (R-C2). Requires case:create.")  # fmt: skip
    async def plan_inspection(self, info: Info, input: PlanInspectionInput) -> PlanInspectionPayload:
        actor = info.context.require_principal()
        data = procedure.InspectionInput(
            target_name=input.target_name, planned_on=input.planned_on, target_code=input.target_code,
            purpose=input.purpose,
            plan_id=decode_id(input.plan, "JointPlan", field="plan") if input.plan is not None else None,
        )  # fmt: skip
        try:
            async with forbidden_on_denial():
                planned = await procedure.plan_inspection(actor, data)
        except procedure.InspectionError as exc:
            error = InspectionError(code=InspectionErrorCode(exc.code), field=exc.field, message=str(exc))
            return PlanInspectionPayload(errors=[error])
        overlaps = [InspectionOverlap(agency=o.agency, planned_on=o.planned_on) for o in planned.overlaps]  # type: ignore[arg-type]
        return PlanInspectionPayload(inspection=planned.inspection, overlaps=overlaps,  # type: ignore[arg-type]
                                     suggest_joint_plan=planned.suggest_joint_plan, errors=[])  # fmt: skip
