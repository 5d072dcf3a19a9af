"""Inspections an agency plans on a target, so that several agencies inspecting one target within 30 days are told
to join up (a warning beyond the guidance, toward R-C2's joint plans)."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.joint import JointPlan
from models.officer import User


class Inspection(Entity):
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="inspections", on_delete=fields.RESTRICT, db_index=True
    )
    agency_id: int
    target_name = fields.CharField(max_length=200)
    target_code = fields.CharField(max_length=18, default="")  # 统一社会信用代码, when known
    # The credit code when known, else the normalised name: what makes two inspections "the same target".
    target_key = fields.CharField(max_length=200)
    planned_on = fields.DateField()
    purpose = fields.TextField(default="")
    plan: fields.ForeignKeyNullableRelation[JointPlan] = fields.ForeignKeyField(
        "models.JointPlan", related_name="inspections", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    plan_id: int | None
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="inspections_planned", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    created_by_id: int | None

    class Meta:
        table = "inspection"
        indexes = (("target_key", "planned_on"),)
