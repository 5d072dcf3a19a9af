"""R-C1 to R-C3: consultations and joint enforcement plans."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.case import Case
from models.enums import ConsultationKind, ConsultationStatus, JointPlanStatus
from models.matter import Matter
from models.officer import User


class Consultation(Entity):
    topic = fields.CharField(max_length=200)
    kind = fields.CharEnumField(ConsultationKind, max_length=24, db_index=True)
    convener: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="consultations_convened", on_delete=fields.RESTRICT, db_index=True
    )
    convener_id: int
    status = fields.CharEnumField(ConsultationStatus, max_length=16, default=ConsultationStatus.SCHEDULED)
    scheduled_at = fields.DatetimeField()
    held_at = fields.DatetimeField(null=True)
    minutes = fields.TextField(default="")

    class Meta:
        table = "consultation"


class ConsultationParticipant(Entity):
    consultation: fields.ForeignKeyRelation[Consultation] = fields.ForeignKeyField(
        "models.Consultation", related_name="participants", on_delete=fields.CASCADE, db_index=True
    )
    consultation_id: int
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="consultations", on_delete=fields.CASCADE, db_index=True
    )
    agency_id: int

    class Meta:
        table = "consultation_participant"
        unique_together = (("consultation", "agency"),)


class Resolution(Entity):
    """A decision of a consultation, with an owner and a due date."""

    consultation: fields.ForeignKeyRelation[Consultation] = fields.ForeignKeyField(
        "models.Consultation", related_name="resolutions", on_delete=fields.CASCADE, db_index=True
    )
    consultation_id: int
    text = fields.TextField()
    owner: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="resolutions_owned", on_delete=fields.RESTRICT, db_index=True
    )
    owner_id: int
    due_date = fields.DateField(null=True)
    done_at = fields.DatetimeField(null=True)

    class Meta:
        table = "resolution"


class JointPlan(Entity):
    """R-C2: a joint enforcement plan states its content, time, participating units and each unit's duties."""

    title = fields.CharField(max_length=200)
    content = fields.TextField()
    targets = fields.TextField(default="")
    area = fields.CharField(max_length=200, default="")
    legal_basis = fields.TextField(default="")
    lead: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="joint_plans_led", on_delete=fields.RESTRICT, db_index=True
    )
    lead_id: int
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    status = fields.CharEnumField(JointPlanStatus, max_length=20, default=JointPlanStatus.DRAFT, db_index=True)
    needs_approval = fields.BooleanField(default=False)
    approver: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="joint_plans_to_approve", null=True, on_delete=fields.RESTRICT, db_index=True
    )
    approver_id: int | None
    approved_at = fields.DatetimeField(null=True)
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="joint_plans", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    case_id: int | None
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="joint_plans_created", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    created_by_id: int | None

    class Meta:
        table = "joint_plan"


class JointPlanUnit(Entity):
    plan: fields.ForeignKeyRelation[JointPlan] = fields.ForeignKeyField(
        "models.JointPlan", related_name="units", on_delete=fields.CASCADE, db_index=True
    )
    plan_id: int
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="joint_plan_units", on_delete=fields.RESTRICT, db_index=True
    )
    agency_id: int
    duties = fields.TextField()
    agreed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "joint_plan_unit"
        unique_together = (("plan", "agency"),)
        indexes = (("agency_id", "plan_id"),)


class JointFinding(Entity):
    """What a unit found while the plan ran. A violation becomes a separate case of the competent agency (R-C3)."""

    plan: fields.ForeignKeyRelation[JointPlan] = fields.ForeignKeyField(
        "models.JointPlan", related_name="findings", on_delete=fields.CASCADE, db_index=True
    )
    plan_id: int
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="joint_findings", on_delete=fields.RESTRICT, db_index=True
    )
    agency_id: int
    text = fields.TextField()
    target = fields.CharField(max_length=200, default="")  # the party found
    is_violation = fields.BooleanField(default=False)
    matter: fields.ForeignKeyNullableRelation[Matter] = fields.ForeignKeyField(
        "models.Matter", related_name="joint_findings", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    matter_id: int | None
    recorded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="joint_findings", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    recorded_by_id: int | None
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="joint_findings", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    case_id: int | None

    class Meta:
        table = "joint_finding"
