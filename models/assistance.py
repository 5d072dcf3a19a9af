"""R-D1: written requests for assistance, which the asked agency must answer."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.case import Case
from models.enums import AssistanceKind, AssistanceStatus
from models.officer import User
from models.transfer import Transfer


class AssistanceRequest(Entity):
    number = fields.CharField(max_length=40, null=True, unique=True)  # 行政执法协助函 number
    requester: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="assistance_requested", on_delete=fields.RESTRICT, db_index=True
    )
    requester_id: int
    requested: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="assistance_asked", on_delete=fields.RESTRICT, db_index=True
    )
    requested_id: int
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="assistance_requests", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    case_id: int | None
    transfer: fields.ForeignKeyNullableRelation[Transfer] = fields.ForeignKeyField(
        "models.Transfer", related_name="assistance_requests", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    transfer_id: int | None
    kind = fields.CharEnumField(AssistanceKind, max_length=20)
    needed = fields.TextField()
    basis = fields.TextField(default="")
    reason = fields.TextField(default="")
    wanted_by = fields.DateField(null=True)
    contact = fields.CharField(max_length=100, default="")
    status = fields.CharEnumField(AssistanceStatus, max_length=16, default=AssistanceStatus.SENT, db_index=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="assistance_created", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    created_by_id: int | None
    sent_at = fields.DatetimeField()
    answer_deadline = fields.DatetimeField(db_index=True)
    reply_text = fields.TextField(default="")
    refusal_reason = fields.TextField(default="")
    replied_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="assistance_replied", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    replied_by_id: int | None
    replied_at = fields.DatetimeField(null=True)
    # A refusal the requester does not accept goes to the common superior of the two agencies.
    superior: fields.ForeignKeyNullableRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="assistance_escalated", null=True, on_delete=fields.RESTRICT, db_index=True
    )
    superior_id: int | None
    escalated_at = fields.DatetimeField(null=True)

    class Meta:
        table = "assistance_request"
        indexes = (("requested_id", "case_id"),)
