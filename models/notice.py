"""R-B1: suspected violations found on patrol, notified to the agency whose remit they fall in."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.case import Case
from models.enums import NoticeOutcome, NoticeStatus
from models.matter import Matter
from models.officer import User


class Notice(Entity):
    number = fields.CharField(max_length=40, null=True, unique=True)
    sender: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="notices_sent", on_delete=fields.RESTRICT, db_index=True
    )
    sender_id: int
    receiver: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="notices_received", on_delete=fields.RESTRICT, db_index=True
    )
    receiver_id: int
    matter: fields.ForeignKeyNullableRelation[Matter] = fields.ForeignKeyField(
        "models.Matter", related_name="notices", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    matter_id: int | None
    place = fields.CharField(max_length=200)
    found_at = fields.DatetimeField()
    party_name = fields.CharField(max_length=200, default="")
    party_detail = fields.TextField(default="")
    facts = fields.TextField()
    dissuasion = fields.TextField(default="")  # how the violation was dissuaded or stopped
    status = fields.CharEnumField(NoticeStatus, max_length=16, default=NoticeStatus.SENT, db_index=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notices_created", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    created_by_id: int | None
    sent_at = fields.DatetimeField()
    response_deadline = fields.DatetimeField(db_index=True)
    acknowledged_at = fields.DatetimeField(null=True)
    outcome = fields.CharEnumField(NoticeOutcome, max_length=16, null=True)
    outcome_text = fields.TextField(default="")
    reported_at = fields.DatetimeField(null=True)
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="notices", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    case_id: int | None

    class Meta:
        table = "notice"
