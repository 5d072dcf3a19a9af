"""R-G2: the warnings the deadline sweep raised, one per deadline and level, so a sweep never raises one twice."""

from __future__ import annotations

from tortoise import fields

from models.agency import Agency
from models.base import Entity
from models.enums import AlertLevel


class DeadlineAlert(Entity):
    kind = fields.CharField(max_length=40, db_index=True)  # the time limit's key, e.g. "transfer.accept"
    level = fields.CharEnumField(AlertLevel, max_length=8, db_index=True)
    subject_type = fields.CharField(max_length=40)
    subject_id = fields.IntField()
    # The agency whose act is due, the one the warning is for.
    agency: fields.ForeignKeyRelation[Agency] = fields.ForeignKeyField(
        "models.Agency", related_name="deadline_alerts", on_delete=fields.CASCADE, db_index=True
    )
    agency_id: int
    # A deadline that moves (an extension, a suspension) is a new deadline, and is warned of again.
    deadline = fields.DatetimeField()
    # Whether that deadline counted a day no holiday notice had settled yet.
    provisional = fields.BooleanField(default=False, db_default=False)
    event_id = fields.BigIntField(null=True)

    class Meta:
        table = "deadline_alert"
        unique_together = (("subject_type", "subject_id", "kind", "level", "deadline"),)
