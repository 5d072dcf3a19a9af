"""Planned inspections of a target, and the overlaps that suggest a joint plan."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.node import ModelNode
from graphql_api.relations import to_one

if TYPE_CHECKING:
    from graphql_api.agencies.types import Agency
    from graphql_api.joint.types import JointPlan

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_JointPlan = Annotated["JointPlan", strawberry.lazy("graphql_api.joint.types")]


@strawberry.type(description="An inspection an agency plans on a target. Visible to that agency.")
class Inspection(ModelNode):
    _model = models.Inspection
    _resource = "inspection"

    target_name: str
    target_code: str = strawberry.field(description="统一社会信用代码, when known.")
    planned_on: date
    purpose: str

    agency: _Agency = to_one(models.Agency, "agency_id")
    plan: _JointPlan | None = to_one(models.JointPlan, "plan_id", description="The joint plan it is part of.")


@strawberry.type(description="Another agency's inspection of the same target within 30 days.")
class InspectionOverlap:
    agency: _Agency
    planned_on: date
